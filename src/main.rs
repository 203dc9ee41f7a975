fn main() -> std::process::ExitCode {
    ally::cli::main()
}
