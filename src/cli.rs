//! The command layer: parse arguments, run the pipeline, report. No logic of its own.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diagnostics::{report, Diagnostic, FindingFormat, Severity};
use crate::outputs::write;
use crate::site::{Site, SitePaths};

/// `minutebook --version`: the version and the commit it was built from (build.rs).
const VERSION: &str = env!("MINUTEBOOK_BUILD_VERSION");

/// `--version` also names where minutebook lives.
const LONG_VERSION: &str = concat!(
    env!("MINUTEBOOK_BUILD_VERSION"),
    "\n",
    env!("CARGO_PKG_REPOSITORY")
);

/// A static site generator for archives of weekly meeting minutes.
#[derive(Debug, Parser)]
#[command(name = "minutebook", version = VERSION, long_version = LONG_VERSION, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(BuildArgs),
    /// Build in memory and report problems as `file:line: severity: message`; writes nothing.
    Check(CheckArgs),
    /// Build the site and serve it over HTTP from memory; --watch rebuilds and live-reloads.
    Serve(ServeArgs),
    /// Start the next meeting's minutes file from the latest one (or templates/new.md).
    New(NewArgs),
    /// Set up an archive: site.toml, a first minutes file and a pipeline that publishes it.
    Init(InitArgs),
    /// List the action items followed across meetings: open ones by default.
    Actions(ActionsArgs),
    /// Print a shell completion script, e.g. `source <(minutebook completions bash)`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `minutebook man > ~/.local/share/man/man1/minutebook.1`.
    Man,
}

/// Whose pipeline `init` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Ci {
    /// .github/workflows/pages.yml: GitHub Pages through minutebook's Action.
    Github,
    /// .gitlab-ci.yml: GitLab Pages.
    Gitlab,
    /// .forgejo/workflows/pages.yml: Forgejo Actions, publishing the pages branch (Codeberg).
    Forgejo,
}

/// How `check` prints findings.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// `file:line: severity: message`, one per line.
    Text,
    /// GitHub Actions annotations (`::error file=F,line=L::message`).
    Github,
    /// One JSON array of {file, line, severity, message}.
    Json,
}

#[derive(Debug, Args)]
struct ActionsArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Only this owner's items (a name or @handle).
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// Only this group's items (its name or slug).
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,
    /// Which items: open, done, dropped or all.
    #[arg(long, default_value = "open", value_parser = ["open", "done", "dropped", "all"])]
    state: String,
    /// Print JSON (an array of items) instead of one line per item.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The site folder [default: .]; created if missing.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Minutes folder [default: DIR/content].
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
    /// Replace an existing site.toml and pipeline.
    #[arg(long)]
    force: bool,
    /// The forge that publishes the site.
    #[arg(long, value_enum, default_value = "github")]
    ci: Ci,
}

/// Where the site is; shared by every command.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Site root, holding site.toml, templates/ and static/.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Minutes folder [default: ROOT/content].
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Overrides base_url from site.toml, e.g. https://org.github.io/minutes/
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Also print notes (such as skipped undated files).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// How findings are printed.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Rebuild when content/, templates/, static/ or site.toml change, and reload browsers.
    #[arg(long)]
    watch: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Also print notes (such as skipped undated files).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct NewArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Series (folder under content/) [default: the all-teams series].
    #[arg(long, value_name = "NAME")]
    series: Option<String>,
    /// Meeting date, YYYY-MM-DD [default: the series' next regular meeting day; today
    /// when it has no minutes yet].
    #[arg(value_name = "DATE", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{e}; write the date as YYYY-MM-DD"))
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::New(args) => new(args),
        Command::Init(args) => init(args),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "minutebook",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man => man(),
        Command::Actions(args) => actions(args),
    }
}

fn man() -> ExitCode {
    match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
        // `minutebook man | head` is not an error.
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the manual page: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints `check`'s findings to standard output in `format`.
fn print_findings(findings: &[Diagnostic], format: Format) {
    let machine = match format {
        Format::Text => {
            for d in findings {
                println!("{}", crate::check::format_finding(d));
            }
            return;
        }
        Format::Github => FindingFormat::Github,
        Format::Json => FindingFormat::Json,
    };
    // GitHub resolves annotation paths against the workspace, the working directory.
    let base = std::env::current_dir().unwrap_or_default();
    print!(
        "{}",
        crate::diagnostics::format_findings(findings, machine, &base)
    );
}

fn fail(d: &Diagnostic) -> ExitCode {
    eprintln!("error: {d}");
    ExitCode::FAILURE
}

fn build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let paths = SitePaths::new(args.site.root, args.site.content, args.output);
    let site = match Site::load(paths, args.site.base_url.as_deref()) {
        Ok(s) => s,
        Err(d) => return fail(&d),
    };
    report(&site.diagnostics, args.verbose);
    report(&crate::outputs::site_files::notes(&site), args.verbose);
    let written = match write::build_atomically(&site, &site.paths.output) {
        Ok(w) => w,
        Err(d) => {
            eprintln!("error: {d}");
            eprintln!(
                "build failed; {} left as it was",
                site.paths.output.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let ix = written.search;
    // Compressing the manifest costs a pass over it: only on request.
    let gzip = if args.verbose {
        let index = site
            .paths
            .output
            .join(site.urls.output_file(&site.urls.search_index()));
        std::fs::read(index)
            .map(|b| {
                format!(
                    ", manifest {} KB gzip",
                    crate::outputs::search_index::gzip_len(&b) / 1024
                )
            })
            .unwrap_or_default()
    } else {
        String::new()
    };
    println!(
        "search index: {} documents, {} KB in {} files{gzip}, {:.0}% of {} KB markdown",
        ix.docs,
        ix.raw_bytes / 1024,
        ix.files,
        ix.percent_of_markdown(),
        ix.markdown_bytes / 1024
    );
    let a = &site.archive;
    let errors = site.count(Severity::Error);
    println!(
        "built {} meetings, {} weeks, {} teams: {} pages, {} files in {}; {} warnings, {} errors, {} skipped{} in {:.2?}",
        a.meetings.len(),
        a.weeks.len(),
        a.teams.len(),
        written.pages,
        written.files,
        site.paths.output.display(),
        site.count(Severity::Warning),
        errors,
        a.skipped.len(),
        match site.skipped_dated {
            0 => String::new(),
            n => format!(" ({n} naming dates: see -v)"),
        },
        started.elapsed()
    );
    // The process ends here: freeing the archive string by string (a few hundred
    // thousand allocations at 5,200 weeks, on one thread) would only delay the exit.
    std::mem::forget(site);
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let paths = SitePaths::new(args.site.root, args.site.content, None);
    let site = match Site::load(paths, args.site.base_url.as_deref()) {
        Ok(s) => s,
        Err(d) => {
            print_findings(&[d], args.format);
            return ExitCode::FAILURE;
        }
    };
    let report = crate::check::check(&site);
    print_findings(&report.findings, args.format);
    eprintln!(
        "checked {} meetings, {} pages: {} errors, {} warnings, {} notes",
        site.archive.meetings.len(),
        report.pages,
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Note)
    );
    if report.failed(args.strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let opts = crate::serve::ServeOptions {
        paths: SitePaths::new(args.site.root, args.site.content, None),
        base_url: args.site.base_url,
        bind: args.bind,
        port: args.port,
        watch: args.watch,
        open: args.open,
        verbose: args.verbose,
    };
    match crate::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn new(args: NewArgs) -> ExitCode {
    let paths = SitePaths::new(args.site.root, args.site.content, None);
    // An empty archive has no content folder yet: the first file makes it.
    if paths.root.is_dir() && !paths.content.exists() {
        if let Err(e) = std::fs::create_dir_all(&paths.content) {
            return fail(&Diagnostic::error(
                &paths.content,
                None,
                format!("cannot create the folder: {e}"),
            ));
        }
    }
    let site = match Site::load(paths, args.site.base_url.as_deref()) {
        Ok(s) => s,
        Err(d) => return fail(&d),
    };
    let opts = crate::new_minutes::NewOptions {
        series: args.series,
        date: args.date,
        today: None,
    };
    let draft = match crate::new_minutes::plan(&site, &opts) {
        Ok(d) => d,
        Err(d) => return fail(&d),
    };
    if let Err(d) = crate::new_minutes::write(&draft) {
        return fail(&d);
    }
    println!("{}", draft.path.display());
    ExitCode::SUCCESS
}

fn actions(args: ActionsArgs) -> ExitCode {
    use crate::model::actions::{Actions, Filter, Rules, State};
    let paths = SitePaths::new(args.site.root, args.site.content, None);
    let site = match Site::load(paths, args.site.base_url.as_deref()) {
        Ok(s) => s,
        Err(d) => return fail(&d),
    };
    let people = crate::model::derived::people_of(&site.archive, &site.config);
    let all = Actions::of(&site.archive, &people, Rules::of(&site.config));
    let state = [State::Open, State::Done, State::Dropped]
        .into_iter()
        .find(|s| s.word() == args.state);
    let filter = Filter {
        owner: args.owner,
        group: args.group,
        state,
    };
    let list = all.select(&site.archive, &people, &filter);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).expect("plain data")
        );
    } else {
        for item in &list {
            println!("{}", item.line());
        }
        let (open, done, dropped) = all.counts();
        eprintln!(
            "{} listed; {open} open, {done} done, {dropped} dropped in all",
            list.len()
        );
    }
    ExitCode::SUCCESS
}

fn init(args: InitArgs) -> ExitCode {
    let root = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let opts = crate::init::InitOptions {
        root: root.clone(),
        content: args.content.clone(),
        force: args.force,
        today: chrono::Local::now().date_naive(),
        forge: match args.ci {
            Ci::Github => crate::init::Forge::Github,
            Ci::Gitlab => crate::init::Forge::Gitlab,
            Ci::Forgejo => crate::init::Forge::Forgejo,
        },
    };
    let report = match crate::init::init(&opts) {
        Ok(r) => r,
        Err(d) => return fail(&d),
    };
    for p in &report.written {
        println!("wrote {}", p.display());
    }
    for p in &report.kept {
        println!("kept  {} (exists)", p.display());
    }
    if report.meetings > 0 {
        println!(
            "found {} minutes in {} series: {}",
            report.meetings,
            report.series.len(),
            report.series.join(", ")
        );
        println!(
            "teams: {} worked out from the headings; {} of {} group headings on a timeline; \
             {} headings under group parents left out (see ignore in site.toml)",
            report.teams, report.placed.0, report.placed.1, report.ignored
        );
        if let Some((title, why)) = &report.title {
            println!("title: {title} ({why})");
        }
        let series: Vec<String> = (report.series_titles.iter())
            .map(|(folder, title)| format!("{folder} = {title}"))
            .collect();
        println!("series titles: {}", series.join("; "));
    }
    let mut next = format!("minutebook serve --watch --root {}", root.display());
    if let Some(c) = &args.content {
        next.push_str(&format!(" --content {}", c.display()));
    }
    let forge = match args.ci {
        Ci::Github => "GitHub",
        Ci::Gitlab => "GitLab",
        Ci::Forgejo => "Forgejo",
    };
    println!("next: {next}");
    println!(
        "then: commit and push to {forge}; publishing is explained at {}/blob/main/docs/deploy.md",
        crate::init::REPOSITORY
    );
    ExitCode::SUCCESS
}
