//! `mestring`: the caseworker's command-line tool.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Reads Mestring exports with the same core as the tablet app.
#[derive(Parser)]
#[command(name = "mestring", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the version of this tool.
    Version,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Version => println!("mestring {}", env!("CARGO_PKG_VERSION")),
    }
    ExitCode::SUCCESS
}
