fn main() -> std::process::ExitCode {
    minutebook::cli::main()
}
