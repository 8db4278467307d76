//! The `ismig` binary: everything is in the library; this only hands the exit code back.

fn main() {
    std::process::exit(ismig::cli::main());
}
