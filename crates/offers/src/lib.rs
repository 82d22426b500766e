//! Offer estimation (being written).
