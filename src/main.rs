fn main() { wijkgids::start(); }
