use yew::prelude::*;

/// A plain drawn face for the child versions; our own drawing, decorative (the text beside it says the same).
/// `mood` runs from 0 (very sad) to 4 (very happy).
pub fn face(mood: u8) -> Html {
    // The mouth's control point moves from above its corners (a frown) through level (2) to below (a smile).
    let control_y = 38 + 12 * i32::from(mood.min(4));
    let mouth = format!("M 30 62 Q 50 {control_y} 70 62");
    html! {
        <svg class="face" viewBox="0 0 100 100" width="40" height="40" aria-hidden="true" focusable="false">
            <circle cx="50" cy="50" r="46" fill="#ffd75e" stroke="#16202a" stroke-width="4" />
            <circle cx="35" cy="40" r="6" fill="#16202a" />
            <circle cx="65" cy="40" r="6" fill="#16202a" />
            <path d={mouth} fill="none" stroke="#16202a" stroke-width="5" stroke-linecap="round" />
        </svg>
    }
}
