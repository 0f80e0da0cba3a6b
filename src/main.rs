//! The `minutebook` command: everything happens in [`minutebook::cli`].

// A build allocates and frees many short strings from two threads; mimalloc spends
// less time on that than glibc's allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    minutebook::cli::main()
}
