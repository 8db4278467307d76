fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    let dir = std::path::PathBuf::from(args.get(2).cloned().unwrap_or("/tmp/synth".into()));
    ismig::synth::write_dir(
        &dir,
        n,
        42,
        &ismig::dialect::Dialect::ALL,
        ismig::dialect::Dialect::Postgresql,
    )
    .unwrap();
}
