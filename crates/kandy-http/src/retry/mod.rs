//! The retry layer (to be written).
