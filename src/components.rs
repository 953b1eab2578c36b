//! Reusable components, one per file, each with its props beside it.

pub mod caseworker_files;
pub mod citizen_form;
pub mod draft_offer;
pub mod face;
pub mod face_choice;
pub mod handover_card;
pub mod header;
pub mod language_switch;
pub mod legend_swatch;
pub mod mastery_chart;
pub mod mode_choice;
pub mod notice_bar;
pub mod print_button;
pub mod question_picture;
pub mod read_aloud;
pub mod route_link;
pub mod storage_status;
pub mod text_field;
pub mod text_problems;
pub mod trajectory_chart;
pub mod update_bar;
pub mod vas_slider;
