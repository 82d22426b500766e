//! A handle between two panes that resizes them. Only its markup is here: `web/static/boot.js`
//! moves it by pointer (drag) and keyboard (arrows, Home, End), setting the custom property the
//! stylesheet sizes the grid from.

use yew::prelude::*;

/// Which way a handle moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Sideways: the width of the left column (`--split-x`), in percent of the panes.
    Columns,
    /// Up and down: the height of the bottom row (`--split-y`), in percent of the panes.
    Rows,
}

/// The handle, at `size` percent to start with; `label` is its accessible name.
pub fn splitter(axis: Axis, size: u32, label: &'static str) -> Html {
    let (class, orientation, axis, property) = match axis {
        Axis::Columns => ("splitter columns", "vertical", "x", "--split-x"),
        Axis::Rows => ("splitter rows", "horizontal", "y", "--split-y"),
    };
    html! {
        <div {class} role="separator" tabindex="0" aria-label={label} aria-orientation={orientation}
            aria-valuemin="20" aria-valuemax="80" aria-valuenow={size.to_string()}
            data-axis={axis} data-property={property}></div>
    }
}
