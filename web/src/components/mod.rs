//! The page's components, one per region of the screen.

pub mod editor;
pub mod embed_bar;
pub mod icons;
pub mod json_panel;
pub mod notice;
pub mod offers_panel;
pub mod pane_tabs;
pub mod problems;
pub mod rich;
pub mod side_panel;
pub mod splitter;
pub mod status_bar;
pub mod toolbar;
