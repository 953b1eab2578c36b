//! The app's Web Worker (see `mestring::worker`); Trunk builds it as a second Wasm binary.

fn main() {
    mestring::worker::serve();
}
