fn main() {
    wijkgids::start();
}
