fn main() {
    wijkgids::front::start();
}
