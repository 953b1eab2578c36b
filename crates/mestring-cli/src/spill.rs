//! Where the outputs' entries go when they exceed the memory budget: runs in files of a temporary
//! directory of their own (readable by this user only), removed with it when the command ends.

use std::cell::Cell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::PathBuf;
use std::rc::Rc;

use mestring_core::export::index::spill::{BUDGET, Budget, Spill};

/// The bytes of entries each sort holds before it spills; `MESTRING_SPILL_BUDGET` sets another (the
/// tests set a few hundred bytes, so that every command spills and merges runs back).
pub fn budget() -> io::Result<Budget> {
    let bytes = match std::env::var("MESTRING_SPILL_BUDGET") {
        Ok(bytes) => bytes.parse().map_err(|_| {
            io::Error::other(format!(
                "MESTRING_SPILL_BUDGET: not a number of bytes: {bytes}"
            ))
        })?,
        Err(_) => BUDGET,
    };
    let dir = tempfile::Builder::new().prefix("mestring-").tempdir()?;
    Ok(Budget {
        spill: Rc::new(TempRuns {
            dir,
            next: Cell::new(0),
        }),
        bytes,
    })
}

/// A run a file; each is opened only while it is written or read, so they never count against the
/// files open at once.
struct TempRuns {
    dir: tempfile::TempDir,
    next: Cell<usize>,
}

impl TempRuns {
    fn path(&self, run: usize) -> PathBuf {
        self.dir.path().join(format!("run-{run}"))
    }
}

impl Spill for TempRuns {
    fn create(&self) -> io::Result<usize> {
        let run = self.next.get();
        self.next.set(run + 1);
        File::create(self.path(run))?;
        Ok(run)
    }

    fn append(&self, run: usize, bytes: &[u8]) -> io::Result<()> {
        OpenOptions::new()
            .append(true)
            .open(self.path(run))?
            .write_all(bytes)
    }

    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut file = File::open(self.path(run))?;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }

    fn remove(&self, run: usize) -> io::Result<()> {
        fs::remove_file(self.path(run))
    }
}
