//! Pieces the pages share.

pub mod announcer;
pub mod approve_or_refuse;
pub mod browser;
pub mod card;
pub mod closures_editor;
pub mod contact;
pub mod cost_editor;
pub mod decision_notice;
pub mod favourites;
pub mod filter_chips;
pub mod form;
pub mod header;
pub mod install_offer;
pub mod leave_guard;
pub mod need_tiles;
pub mod neighbourhood_picker;
pub mod nothing_found;
pub mod offering_card;
pub mod offering_details;
pub mod page_change;
pub mod referral_slip;
pub mod reset_link;
pub mod result_place;
pub mod schedule_editor;
pub mod search_box;
pub mod update_notice;
