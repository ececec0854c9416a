//! Pieces the pages share.

pub mod approve_or_refuse;
pub mod browser;
pub mod card;
pub mod contact;
pub mod cost_editor;
pub mod decision_notice;
pub mod favourites;
pub mod form;
pub mod header;
pub mod install_offer;
pub mod need_tiles;
pub mod nothing_found;
pub mod offering_card;
pub mod result_place;
pub mod schedule_editor;
pub mod search_box;
pub mod update_notice;
