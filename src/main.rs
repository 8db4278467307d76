fn main() {
    std::process::exit(ismig::cli::main());
}
