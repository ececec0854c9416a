pub mod accessibility;
pub mod agenda;
pub mod favourites;
pub mod home;
pub mod not_found;
pub mod offering;
pub mod results;
pub mod settings;
