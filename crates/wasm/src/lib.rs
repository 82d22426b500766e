//! JavaScript API (being written).
