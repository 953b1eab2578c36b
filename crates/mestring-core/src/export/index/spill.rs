//! Records of a fixed size sorted in bounded memory: held while they fit a budget, then sorted in runs
//! that go to a [`Spill`] (temporary files, given by the caller, since the core does no file I/O) and are
//! merged back from it, at most [`FAN_IN`] at a time.
//!
//! A record's order is the order of its bytes, so each output lays out what orders it first (numbers
//! big-endian, see [`Bytes`]) and the entry after it; equal keys are then ordered by the entry's bytes, the
//! same whatever order the files came in.

use std::cell::RefCell;
use std::io;
use std::rc::Rc;

use crate::sort;

/// The memory the records of one sort or stash may take before they are spilled: 16 MB. At most two
/// are full at once (the index while it is merged into its stash; the stash while an output sorts),
/// and where more sorts run at once they share a budget ([`Budget::share`]: an output joining its
/// entries with their citizens, a file's entries matched with its citizens), so the entries take about
/// 32 MB at most (40 while a file is scanned), whatever the number of records or of citizens.
pub const BUDGET: usize = 16 << 20;

/// The most runs merged at once: each has its own buffer, a share of the budget.
pub const FAN_IN: usize = 16;

/// Where sorted runs go when the records exceed the budget; each run is written once, from its start,
/// and read back in order.
pub trait Spill {
    /// A new, empty run.
    fn create(&self) -> io::Result<usize>;
    /// Adds `bytes` at the end of `run`.
    fn append(&self, run: usize, bytes: &[u8]) -> io::Result<()>;
    /// Fills `buf` from the byte `offset` of `run`; `buf` must not reach past what was written.
    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<()>;
    /// Forgets `run`, read to its end.
    fn remove(&self, run: usize) -> io::Result<()>;
}

/// Runs kept in memory: for tests, and for callers that have nowhere else to put them.
#[derive(Default)]
pub struct InMemory {
    runs: RefCell<Vec<Vec<u8>>>,
}

impl InMemory {
    /// How many bytes the runs not removed hold.
    pub fn held(&self) -> usize {
        self.runs.borrow().iter().map(Vec::len).sum()
    }
}

impl Spill for InMemory {
    fn create(&self) -> io::Result<usize> {
        let mut runs = self.runs.borrow_mut();
        runs.push(Vec::new());
        Ok(runs.len() - 1)
    }

    fn append(&self, run: usize, bytes: &[u8]) -> io::Result<()> {
        let mut runs = self.runs.borrow_mut();
        let run = runs.get_mut(run).ok_or_else(no_such_run)?;
        run.extend_from_slice(bytes);
        Ok(())
    }

    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let runs = self.runs.borrow();
        let start = usize::try_from(offset).map_err(io::Error::other)?;
        let bytes = runs
            .get(run)
            .and_then(|run| run.get(start..start + buf.len()))
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        buf.copy_from_slice(bytes);
        Ok(())
    }

    fn remove(&self, run: usize) -> io::Result<()> {
        let mut runs = self.runs.borrow_mut();
        let run = runs.get_mut(run).ok_or_else(no_such_run)?;
        *run = Vec::new();
        Ok(())
    }
}

fn no_such_run() -> io::Error {
    io::Error::other("no such run")
}

/// Where the sorts of one output spill, and how much each may hold.
#[derive(Clone)]
pub struct Budget {
    pub spill: Rc<dyn Spill>,
    /// In bytes of records.
    pub bytes: usize,
}

impl Budget {
    /// One of `n` equal shares of the budget, spilling to the same place: for sorts held at once.
    pub fn share(&self, n: usize) -> Budget {
        Budget {
            spill: self.spill.clone(),
            bytes: self.bytes / n,
        }
    }
}

/// Big-endian fields laid out so their bytes order as the values do.
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    pub fn with_capacity(width: usize) -> Bytes {
        Bytes(Vec::with_capacity(width))
    }

    pub fn u8(&mut self, value: u8) -> &mut Bytes {
        self.0.push(value);
        self
    }

    pub fn u16(&mut self, value: u16) -> &mut Bytes {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub fn u32(&mut self, value: u32) -> &mut Bytes {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Bytes {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    /// A signed number, its sign bit flipped so negatives come first.
    pub fn i32(&mut self, value: i32) -> &mut Bytes {
        self.u32((value as u32) ^ (1 << 31))
    }

    pub fn i64(&mut self, value: i64) -> &mut Bytes {
        self.u64((value as u64) ^ (1 << 63))
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Bytes {
        self.0.extend_from_slice(bytes);
        self
    }
}

/// Reads back what [`Bytes`] laid out, field by field.
pub struct Fields<'b>(pub &'b [u8]);

impl Fields<'_> {
    pub fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        out.copy_from_slice(&self.0[..N]);
        self.0 = &self.0[N..];
        out
    }

    pub fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.take())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take())
    }

    pub fn i32(&mut self) -> i32 {
        (self.u32() ^ (1 << 31)) as i32
    }

    pub fn i64(&mut self) -> i64 {
        (self.u64() ^ (1 << 63)) as i64
    }
}

/// Records of `width` bytes in the order they came, held while they fit the budget and spilled whole
/// to one run after; read back as often as needed.
pub struct Stash {
    width: usize,
    budget: Budget,
    held: Vec<u8>,
    /// The run the records before `held` went to, once they exceeded the budget.
    run: Option<Run>,
}

impl Stash {
    pub fn new(width: usize, budget: &Budget) -> Stash {
        Stash {
            width,
            budget: budget.clone(),
            held: Vec::new(),
            run: None,
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn push(&mut self, record: &[u8]) -> io::Result<()> {
        debug_assert_eq!(record.len(), self.width);
        self.held.extend_from_slice(record);
        let limit = match self.run {
            None => self.budget.bytes,
            // Once spilled, a chunk is held at most.
            Some(_) => self.budget.bytes / (FAN_IN + 1),
        };
        if self.held.len() >= limit.max(self.width) {
            let spill = &self.budget.spill;
            let run = match &mut self.run {
                Some(run) => run,
                None => self.run.insert(Run {
                    run: spill.create()?,
                    len: 0,
                }),
            };
            spill.append(run.run, &self.held)?;
            run.len += self.held.len() as u64;
            self.held = Vec::new();
        }
        Ok(())
    }

    /// How many records it holds.
    pub fn len(&self) -> u64 {
        (self.run.map_or(0, |run| run.len) + self.held.len() as u64) / self.width as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records from the `from`th to before the `to`th, in order.
    pub fn records(&self, from: u64, to: u64) -> Records<'_> {
        Records {
            stash: self,
            at: from,
            to: to.min(self.len()),
            buf: Vec::new(),
            buf_from: from,
        }
    }

    /// Every record, in order.
    pub fn all(&self) -> Records<'_> {
        self.records(0, self.len())
    }
}

impl Drop for Stash {
    fn drop(&mut self) {
        if let Some(run) = self.run {
            // A run left behind goes with the spill's directory.
            let _ = self.budget.spill.remove(run.run);
        }
    }
}

/// Records of a [`Stash`] read in order, a chunk at a time from its run.
pub struct Records<'s> {
    stash: &'s Stash,
    at: u64,
    to: u64,
    /// The chunk of the run read last, which starts at the record `buf_from`.
    buf: Vec<u8>,
    buf_from: u64,
}

impl Records<'_> {
    pub fn next_record(&mut self) -> io::Result<Option<&[u8]>> {
        if self.at >= self.to {
            return Ok(None);
        }
        let stash = self.stash;
        let width = stash.width as u64;
        let in_run = stash.run.map_or(0, |run| run.len) / width;
        let at = self.at;
        self.at += 1;
        if at >= in_run {
            let start = ((at - in_run) * width) as usize;
            return Ok(stash.held.get(start..start + stash.width));
        }
        let buffered = (self.buf.len() as u64) / width;
        if at < self.buf_from || at >= self.buf_from + buffered {
            let chunk = (stash.budget.bytes / (FAN_IN + 1)).max(stash.width) as u64 / width;
            let len = chunk.min(in_run - at) * width;
            self.buf.resize(len as usize, 0);
            if let Some(run) = stash.run {
                stash
                    .budget
                    .spill
                    .read(run.run, at * width, &mut self.buf)?;
            }
            self.buf_from = at;
        }
        let start = ((at - self.buf_from) * width) as usize;
        Ok(self.buf.get(start..start + stash.width))
    }
}

/// Records of `width` bytes, taken in any order and given back in the order of their bytes.
pub struct Sorter {
    width: usize,
    budget: Budget,
    held: Vec<u8>,
    runs: Vec<Run>,
}

/// A sorted run in the spill: its number and how many bytes it holds.
#[derive(Clone, Copy)]
struct Run {
    run: usize,
    len: u64,
}

impl Sorter {
    pub fn new(width: usize, budget: &Budget) -> Sorter {
        Sorter {
            width,
            budget: budget.clone(),
            held: Vec::new(),
            runs: Vec::new(),
        }
    }

    /// Takes `record` (`width` bytes), spilling the records held as a sorted run when they fill the
    /// budget.
    pub fn push(&mut self, record: &[u8]) -> io::Result<()> {
        debug_assert_eq!(record.len(), self.width);
        self.held.extend_from_slice(record);
        // The positions sorted take about 12 bytes a record besides it.
        let n_held = self.held.len() / self.width;
        if self.held.len() + n_held * 12 >= self.budget.bytes.max(self.width) {
            self.spill_held()?;
        }
        Ok(())
    }

    /// The records in order.
    pub fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            let order = order(&self.held, self.width);
            return Ok(Sorted {
                width: self.width,
                from: From::Held {
                    held: self.held,
                    order,
                    at: 0,
                },
                spill: self.budget.spill,
            });
        }
        self.spill_held()?;
        let chunk = self.chunk();
        let spill = &self.budget.spill;
        while self.runs.len() > FAN_IN {
            let group: Vec<Run> = self.runs.drain(..FAN_IN).collect();
            let mut merging = Merging::new(spill.as_ref(), &group, self.width, chunk)?;
            let run = spill.create()?;
            let mut out = Vec::with_capacity(chunk);
            let mut len = 0;
            while let Some(record) = merging.next_record(spill.as_ref())? {
                out.extend_from_slice(record);
                if out.len() >= chunk {
                    spill.append(run, &out)?;
                    len += out.len() as u64;
                    out.clear();
                }
            }
            spill.append(run, &out)?;
            len += out.len() as u64;
            self.runs.push(Run { run, len });
        }
        let merging = Merging::new(spill.as_ref(), &self.runs, self.width, chunk)?;
        Ok(Sorted {
            width: self.width,
            from: From::Runs(merging),
            spill: spill.clone(),
        })
    }

    /// A run's share of the budget when they are merged, whole records, at least one.
    fn chunk(&self) -> usize {
        (self.budget.bytes / (FAN_IN + 1) / self.width).max(1) * self.width
    }

    fn spill_held(&mut self) -> io::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        let width = self.width;
        let spill = &self.budget.spill;
        let run = spill.create()?;
        // Written a piece at a time in order, so the records are never held twice.
        let mut piece = Vec::with_capacity(PIECE);
        for idx in order(&self.held, width) {
            let start = idx as usize * width;
            piece.extend_from_slice(&self.held[start..start + width]);
            if piece.len() >= PIECE {
                spill.append(run, &piece)?;
                piece.clear();
            }
        }
        spill.append(run, &piece)?;
        self.runs.push(Run {
            run,
            len: self.held.len() as u64,
        });
        self.held = Vec::new();
        Ok(())
    }
}

/// The bytes written to a run at once.
const PIECE: usize = 64 << 10;

/// The places of `records` (of `width` bytes each) in the order of their bytes.
fn order(records: &[u8], width: usize) -> Vec<u32> {
    let record = |idx: u32| &records[idx as usize * width..(idx as usize + 1) * width];
    let mut order: Vec<u32> = (0..(records.len() / width) as u32).collect();
    sort::by(&mut order, |a, b| record(*a).cmp(record(*b)));
    order
}

/// The records of a [`Sorter`], in order, one at a time.
pub struct Sorted {
    width: usize,
    from: From,
    spill: Rc<dyn Spill>,
}

enum From {
    Held {
        held: Vec<u8>,
        order: Vec<u32>,
        at: usize,
    },
    Runs(Merging),
}

impl Sorted {
    /// The next record, or `None` after the last.
    pub fn next_record(&mut self) -> io::Result<Option<&[u8]>> {
        match &mut self.from {
            From::Held { held, order, at } => {
                let Some(idx) = order.get(*at) else {
                    return Ok(None);
                };
                *at += 1;
                let start = *idx as usize * self.width;
                Ok(held.get(start..start + self.width))
            }
            From::Runs(merging) => merging.next_record(self.spill.as_ref()),
        }
    }
}

/// Runs read a chunk at a time, the least record of all first.
struct Merging {
    readers: Vec<Reader>,
    width: usize,
    /// The reader whose record was given last, to move on before the next.
    given: Option<usize>,
}

struct Reader {
    run: Run,
    /// Where `buf` starts in the run.
    offset: u64,
    buf: Vec<u8>,
    at: usize,
    chunk: usize,
}

impl Reader {
    fn record(&self, width: usize) -> Option<&[u8]> {
        self.buf.get(self.at..self.at + width)
    }

    /// Moves past the current record, reading the next chunk when the buffer is used up; at the end of
    /// the run, the run is removed.
    fn advance(&mut self, spill: &dyn Spill, width: usize) -> io::Result<()> {
        self.at += width;
        if self.at < self.buf.len() {
            return Ok(());
        }
        self.offset += self.buf.len() as u64;
        self.fill(spill)
    }

    /// Reads the chunk from `offset`; past the run's end, removes the run.
    fn fill(&mut self, spill: &dyn Spill) -> io::Result<()> {
        let left = self.run.len - self.offset;
        let len = (self.chunk as u64).min(left) as usize;
        self.buf.resize(len, 0);
        self.at = 0;
        if len == 0 {
            self.buf = Vec::new();
            return spill.remove(self.run.run);
        }
        spill.read(self.run.run, self.offset, &mut self.buf)
    }
}

impl Merging {
    /// Merges `runs`, reading the first chunk of each.
    fn new(spill: &dyn Spill, runs: &[Run], width: usize, chunk: usize) -> io::Result<Merging> {
        let mut readers = Vec::with_capacity(runs.len());
        for run in runs {
            let mut reader = Reader {
                run: *run,
                offset: 0,
                buf: Vec::new(),
                at: 0,
                chunk,
            };
            reader.fill(spill)?;
            readers.push(reader);
        }
        Ok(Merging {
            readers,
            width,
            given: None,
        })
    }

    fn next_record(&mut self, spill: &dyn Spill) -> io::Result<Option<&[u8]>> {
        let width = self.width;
        if let Some(idx) = self.given.take() {
            self.readers[idx].advance(spill, width)?;
        }
        let mut least: Option<usize> = None;
        for (idx, reader) in self.readers.iter().enumerate() {
            let Some(record) = reader.record(width) else {
                continue;
            };
            if least.is_none_or(|least| self.readers[least].record(width) > Some(record)) {
                least = Some(idx);
            }
        }
        self.given = least;
        Ok(least.and_then(|idx| self.readers[idx].record(width)))
    }
}

#[cfg(test)]
mod tests;
