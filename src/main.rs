fn main() {
    yew::Renderer::<mestring::app::App>::new().render();
}
