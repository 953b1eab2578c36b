fn main() {
    // The app's Web Worker runs this same Wasm (src/worker.rs): there it answers requests instead.
    if mestring::worker::in_worker() {
        mestring::worker::serve();
        return;
    }
    yew::Renderer::<mestring::app::App>::new().render();
}
