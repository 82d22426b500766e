//! A handle between two panes that resizes them, by pointer (drag) or keyboard (arrows, Home,
//! End). It sets a CSS custom property on the pane container (through the CSSOM, which the
//! page's CSP allows, unlike style attributes); the stylesheet sizes the grid from it.

use yew::prelude::*;

/// Which way the handle moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Sideways: the width of the left column, in percent of the container.
    Columns,
    /// Up and down: the height of the bottom row, in percent of the container.
    Rows,
}

/// Properties of [`Splitter`].
#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    /// The container whose custom property is set.
    pub container: NodeRef,
    /// Which way the handle moves.
    pub axis: Axis,
    /// The custom property, e.g. `--split-x`.
    pub property: &'static str,
    /// The accessible name.
    pub label: &'static str,
    /// The size to start with, in percent.
    pub initial: f64,
}

/// Sizes stay between these, in percent, so no pane disappears.
const MIN: f64 = 20.0;
const MAX: f64 = 80.0;
/// One arrow key press, in percent.
const STEP: f64 = 4.0;

/// The size after a key press, or `None` for keys the handle does not use.
pub fn size_after_key(axis: Axis, size: f64, key: &str) -> Option<f64> {
    let grow = match (axis, key) {
        (Axis::Columns, "ArrowRight") | (Axis::Rows, "ArrowUp") => STEP,
        (Axis::Columns, "ArrowLeft") | (Axis::Rows, "ArrowDown") => -STEP,
        (_, "Home") => MIN - size,
        (_, "End") => MAX - size,
        _ => return None,
    };
    Some(clamp(size + grow))
}

/// `size` kept between the limits.
pub fn clamp(size: f64) -> f64 {
    size.clamp(MIN, MAX)
}

/// The size that puts the handle at the pointer (`x`, `y` in client coordinates).
fn size_at(axis: Axis, container: &web_sys::Element, x: f64, y: f64) -> Option<f64> {
    let r = container.get_bounding_client_rect();
    let size = match axis {
        Axis::Columns if r.width() > 0.0 => (x - r.left()) / r.width() * 100.0,
        Axis::Rows if r.height() > 0.0 => (r.bottom() - y) / r.height() * 100.0,
        _ => return None,
    };
    Some(clamp(size))
}

/// The resize handle.
#[component]
pub fn Splitter(props: &SplitterProps) -> Html {
    let size = use_state_eq(|| props.initial);
    let dragging = use_mut_ref(|| false);
    {
        let (container, property) = (props.container.clone(), props.property);
        use_effect_with(*size, move |size| {
            if let Some(element) = container.cast::<web_sys::HtmlElement>() {
                // Only the layout changes: a failure leaves the panes where they were.
                let _ = element.style().set_property(property, &format!("{size:.1}%"));
            }
        });
    }
    let axis = props.axis;
    let onkeydown = {
        let size = size.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(next) = size_after_key(axis, *size, &e.key()) {
                e.prevent_default();
                size.set(next);
            }
        })
    };
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            let target: web_sys::Element = e.target_unchecked_into();
            // Capture keeps the drag going when the pointer leaves the thin handle.
            let _ = target.set_pointer_capture(e.pointer_id());
            *dragging.borrow_mut() = true;
            e.prevent_default();
        })
    };
    let onpointermove = {
        let (dragging, size, container) = (dragging.clone(), size.clone(), props.container.clone());
        Callback::from(move |e: PointerEvent| {
            if !*dragging.borrow() {
                return;
            }
            let at = container
                .cast::<web_sys::Element>()
                .and_then(|c| size_at(axis, &c, e.client_x().into(), e.client_y().into()));
            if let Some(at) = at {
                size.set(at);
            }
        })
    };
    let stop = Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false);
    let (class, orientation) = match axis {
        Axis::Columns => ("splitter columns", "vertical"),
        Axis::Rows => ("splitter rows", "horizontal"),
    };
    html! {
        <div {class} role="separator" tabindex="0" aria-label={props.label} aria-orientation={orientation}
            aria-valuemin={MIN.to_string()} aria-valuemax={MAX.to_string()} aria-valuenow={format!("{:.0}", *size)}
            {onkeydown} {onpointerdown} {onpointermove} onpointerup={stop.clone()} onpointercancel={stop}></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_by_a_step_within_the_limits() {
        assert_eq!(size_after_key(Axis::Columns, 52.0, "ArrowRight"), Some(56.0));
        assert_eq!(size_after_key(Axis::Columns, 52.0, "ArrowLeft"), Some(48.0));
        assert_eq!(size_after_key(Axis::Rows, 34.0, "ArrowUp"), Some(38.0));
        assert_eq!(size_after_key(Axis::Rows, 34.0, "ArrowDown"), Some(30.0));
        assert_eq!(size_after_key(Axis::Rows, 34.0, "ArrowRight"), None);
        assert_eq!(size_after_key(Axis::Columns, 78.0, "ArrowRight"), Some(80.0));
        assert_eq!(size_after_key(Axis::Columns, 52.0, "Home"), Some(20.0));
        assert_eq!(size_after_key(Axis::Columns, 52.0, "End"), Some(80.0));
    }
}
