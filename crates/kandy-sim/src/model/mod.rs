//! The simulator's model (to be written).
