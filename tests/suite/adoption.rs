//! What a new user and their CI meet: the release archives (`scripts/package-release`),
//! the Action's install script (`scripts/action-install`) against a release folder made
//! here (no network), `init --ci` for each forge, `check --format github|json`,
//! shell completions, the man page and `--version`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{minutebook, repo};

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn script(name: &str) -> Command {
    let mut c = Command::new("bash");
    c.arg(repo().join("scripts").join(name));
    c
}

fn write_exe(path: &Path, body: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, body).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

const TARGET: &str = "x86_64-unknown-linux-musl";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A release folder as GitHub serves one (`BASE/vVERSION/ARCHIVE`), holding a stand-in
/// binary packed by the real packaging script.
fn fake_release(dir: &Path) -> PathBuf {
    let binary = dir.join("build/minutebook");
    write_exe(&binary, "#!/bin/sh\necho \"minutebook 9.9.9 (stand-in)\"\n");
    let base = dir.join("releases");
    let out = script("package-release")
        .arg(&binary)
        .arg(TARGET)
        .arg(VERSION)
        .arg(base.join(format!("v{VERSION}")))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    base
}

/// A `cargo` that only records how it was called and installs a stand-in, so that the
/// fallback is tested in a second instead of a release build.
fn stub_cargo(dir: &Path) -> (PathBuf, PathBuf) {
    let bin = dir.join("stub-bin");
    let log = dir.join("cargo.log");
    write_exe(
        &bin.join("cargo"),
        &format!(
            "#!/bin/bash\necho \"$@\" >> '{}'\n\
             root=\"${{@: -1}}\"\nmkdir -p \"$root/bin\"\n\
             printf '#!/bin/sh\\necho built\\n' > \"$root/bin/minutebook\"\n\
             chmod +x \"$root/bin/minutebook\"\n",
            log.display()
        ),
    );
    (bin, log)
}

fn action_install(base: &str, dest: &Path, stub: &Path, extra: &[(&str, &str)]) -> Output {
    let path = format!("{}:{}", stub.display(), std::env::var("PATH").unwrap());
    let mut c = script("action-install");
    c.arg("install")
        .arg(dest)
        .env("PATH", path)
        .env("MINUTEBOOK_RELEASE_BASE", base)
        .env("MINUTEBOOK_TARGET", TARGET)
        .env_remove("MINUTEBOOK_ACTION_REF")
        .env_remove("MINUTEBOOK_VERSION")
        .env_remove("GITHUB_OUTPUT");
    for (k, v) in extra {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn package_release_writes_the_archive_and_its_sum() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fake_release(tmp.path());
    let dir = base.join(format!("v{VERSION}"));
    let name = format!("minutebook-{VERSION}-{TARGET}");
    let sum = fs::read_to_string(dir.join(format!("{name}.tar.gz.sha256"))).unwrap();
    assert!(sum.ends_with(&format!("  {name}.tar.gz\n")), "{sum}");
    assert_eq!(sum.split(' ').next().unwrap().len(), 64, "{sum}");
    let checked = Command::new("sha256sum")
        .arg("-c")
        .arg(format!("{name}.tar.gz.sha256"))
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(checked.status.success(), "{}", text(&checked.stdout));
    let list = Command::new("tar")
        .arg("-tzf")
        .arg(dir.join(format!("{name}.tar.gz")))
        .output()
        .unwrap();
    let list = text(&list.stdout);
    for entry in [format!("{name}/minutebook"), format!("{name}/README.md")] {
        assert!(list.lines().any(|l| l == entry), "{entry} in {list}");
    }

    // Windows: a zip holding minutebook.exe.
    let out = script("package-release")
        .arg(tmp.path().join("build/minutebook"))
        .args(["x86_64-pc-windows-msvc", VERSION])
        .arg(tmp.path().join("win"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let zip = format!("minutebook-{VERSION}-x86_64-pc-windows-msvc.zip");
    assert!(text(&out.stdout).trim_end().ends_with(&zip));
    let bytes = fs::read(tmp.path().join("win").join(&zip)).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let needle = format!("minutebook-{VERSION}-x86_64-pc-windows-msvc/minutebook.exe");
    assert!(bytes.windows(needle.len()).any(|w| w == needle.as_bytes()));

    // A version with its v is refused, naming the right form.
    let out = script("package-release")
        .arg(tmp.path().join("build/minutebook"))
        .args([TARGET, &format!("v{VERSION}")])
        .arg(tmp.path().join("v"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("without the v"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn action_install_runs_the_release_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fake_release(tmp.path());
    let (stub, log) = stub_cargo(tmp.path());
    // The release base as a folder and as a file:// URL.
    for (i, base) in [
        base.display().to_string(),
        format!("file://{}", base.display()),
    ]
    .iter()
    .enumerate()
    {
        let dest = tmp.path().join(format!("dest{i}"));
        let out = action_install(base, &dest, &stub, &[]);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.contains("installed minutebook 9.9.9 (stand-in)"),
            "{stderr}"
        );
        let ran = Command::new(dest.join("bin/minutebook")).output().unwrap();
        assert_eq!(text(&ran.stdout), "minutebook 9.9.9 (stand-in)\n");
    }
    assert!(
        !log.exists(),
        "cargo was run: {}",
        fs::read_to_string(&log).unwrap()
    );

    // The Action's outputs: whether it installed, and the build cache's key.
    let outputs = tmp.path().join("github-output");
    let out = script("action-install")
        .arg("download")
        .arg(tmp.path().join("dest-download"))
        .env("MINUTEBOOK_RELEASE_BASE", &base)
        .env("MINUTEBOOK_TARGET", TARGET)
        .env("MINUTEBOOK_ACTION_REF", format!("v{VERSION}"))
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = fs::read_to_string(&outputs).unwrap();
    assert!(written.contains("installed=true\n"), "{written}");
    assert!(written.contains("cache-key=minutebook-build-"), "{written}");
}

#[test]
fn action_install_refuses_a_wrong_sum() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fake_release(tmp.path());
    let name = format!("minutebook-{VERSION}-{TARGET}.tar.gz");
    let sum_file = base.join(format!("v{VERSION}/{name}.sha256"));
    let good = fs::read_to_string(&sum_file).unwrap();
    let bad = format!(
        "{}{}",
        if good.starts_with('0') { "1" } else { "0" },
        &good[1..]
    );
    fs::write(&sum_file, bad).unwrap();
    let (stub, log) = stub_cargo(tmp.path());
    let dest = tmp.path().join("dest");
    let out = action_install(&base.display().to_string(), &dest, &stub, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&name) && stderr.contains("refusing to install it"),
        "{stderr}"
    );
    assert!(stderr.contains(good.split(' ').next().unwrap()), "{stderr}");
    assert!(!dest.join("bin/minutebook").exists());
    assert!(!log.exists(), "a bad sum must not fall back to building");

    // The right sum, but another file in the archive's place (a tampered download).
    fs::write(&sum_file, &good).unwrap();
    let archive = base.join(format!("v{VERSION}/{name}"));
    let mut bytes = fs::read(&archive).unwrap();
    bytes.push(0);
    fs::write(&archive, bytes).unwrap();
    let out = action_install(&base.display().to_string(), &dest, &stub, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refusing to install it"), "{stderr}");
    assert!(!dest.join("bin/minutebook").exists());
    assert!(!log.exists(), "a bad sum must not fall back to building");
}

#[test]
fn action_install_builds_when_there_is_no_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let (stub, log) = stub_cargo(tmp.path());
    let empty = tmp.path().join("no-releases");
    fs::create_dir(&empty).unwrap();
    let base = fake_release(tmp.path());
    // No archive for this version; the action used at a branch, not the release tag.
    for (i, (base, extra)) in [
        (empty.display().to_string(), vec![]),
        (
            base.display().to_string(),
            vec![("MINUTEBOOK_ACTION_REF", "main")],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let dest = tmp.path().join(format!("dest{i}"));
        let out = action_install(&base, &dest, &stub, &extra);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("building"), "{stderr}");
        let ran = Command::new(dest.join("bin/minutebook")).output().unwrap();
        assert_eq!(text(&ran.stdout), "built\n");
        let calls = fs::read_to_string(&log).unwrap();
        let want = format!(
            "install --locked --path {} --root {}",
            repo().display(),
            dest.display()
        );
        assert!(calls.lines().nth(i) == Some(want.as_str()), "{calls}");
    }
}

fn init(args: &[&str], root: &Path) -> Output {
    minutebook().args(args).arg(root).output().unwrap()
}

#[test]
fn init_writes_a_gitlab_pipeline_and_a_forgejo_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    let out = init(&["init", "--ci", "gitlab"], &root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "then: commit and push to GitLab; publishing is explained at \
             https://github.com/minutebook/minutebook/blob/main/docs/deploy.md"
        ),
        "{stdout}"
    );
    assert!(!root.join(".github").exists());
    let gitlab = fs::read_to_string(root.join(".gitlab-ci.yml")).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&gitlab).unwrap();
    assert_eq!(y["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(y["variables"]["MINUTEBOOK_VERSION"], VERSION);
    let script: Vec<&str> = y["pages"]["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        script.iter().any(|s| s.starts_with("minutebook build")
            && s.contains("--base-url \"$CI_PAGES_URL\"")
            && s.ends_with("--output public")),
        "{script:?}"
    );
    assert!(gitlab.contains("sha256sum -c"), "{gitlab}");

    let out = init(&["init", "--ci", "forgejo", "--force"], &root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let forgejo = fs::read_to_string(root.join(".forgejo/workflows/pages.yml")).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&forgejo).unwrap();
    let steps = y["jobs"]["build"]["steps"].as_sequence().unwrap();
    assert!(steps.iter().any(|s| s["run"]
        .as_str()
        .is_some_and(|r| r.contains("minutebook build"))));
    assert!(forgejo.contains("git push"), "{forgejo}");
    for written in [&gitlab, &forgejo] {
        assert!(
            written.contains("https://github.com/minutebook/minutebook/releases/download/v"),
            "{written}"
        );
        // Every `{{` left is a workflow expression, none a template's placeholder.
        let unfilled = written.replace("${{", "");
        assert!(
            !unfilled.contains("{{") && !written.contains("OWNER"),
            "{written}"
        );
    }
}

/// docs/deploy.md shows the pipeline each forge gets, byte for byte.
#[test]
fn deploy_doc_shows_every_pipeline_init_writes() {
    let doc = fs::read_to_string(repo().join("docs/deploy.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("\n```").map(|(code, _)| code))
        .collect();
    for (ci, path) in [
        ("github", ".github/workflows/pages.yml"),
        ("gitlab", ".gitlab-ci.yml"),
        ("forgejo", ".forgejo/workflows/pages.yml"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = init(&["init", "--ci", ci], tmp.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        let written = fs::read_to_string(tmp.path().join(path)).unwrap();
        assert!(
            blocks.iter().any(|b| format!("{b}\n") == written),
            "docs/deploy.md does not show the {path} that init --ci {ci} writes:\n{written}"
        );
    }
}

fn archive_with_dead_links(dir: &Path) {
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(
        dir.join("content/2024-01-05.md"),
        "# Call 2024-01-05\n\n## Notes\n\nSee [the plan](#no-such-anchor).\n",
    )
    .unwrap();
}

#[test]
fn check_prints_github_annotations_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    archive_with_dead_links(tmp.path());
    let run = |format: &str| {
        minutebook()
            .args(["check", "--format", format])
            .current_dir(tmp.path())
            .output()
            .unwrap()
    };
    let out = run("github");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.lines().any(|l| l
            == "::warning file=content/2024-01-05.md,line=5::link to `#no-such-anchor`: \
                no heading with that anchor in this file; rendered as text"),
        "{stdout}"
    );
    assert!(
        stdout.lines().all(|l| l.starts_with("::warning file=")
            || l.starts_with("::notice file=")
            || l.starts_with("::error file=")),
        "{stdout}"
    );

    let out = run("json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warning = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "warning")
        .unwrap();
    assert_eq!(warning["file"], "content/2024-01-05.md");
    assert_eq!(warning["line"], 5);
    assert!(warning["message"]
        .as_str()
        .unwrap()
        .contains("#no-such-anchor"));
}

#[test]
fn bash_loads_the_completions() {
    let bin = env!("CARGO_BIN_EXE_minutebook");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source <('{bin}' completions bash) && complete -p minutebook && \
             COMP_WORDS=(minutebook ch) COMP_CWORD=1 && _minutebook minutebook ch minutebook && \
             echo \"${{COMPREPLY[@]}}\""
        ))
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("-F _minutebook minutebook"), "{stdout}");
    assert!(stdout.lines().last().unwrap().contains("check"), "{stdout}");
}

#[test]
fn man_page_and_version_name_the_commands_and_the_home() {
    let out = minutebook().arg("man").output().unwrap();
    let man = text(&out.stdout);
    assert!(out.status.success());
    assert!(man.contains(".TH minutebook 1"), "{man}");
    for sub in ["build", "check", "serve", "init", "completions"] {
        assert!(
            man.contains(&format!("minutebook\\-{sub}")),
            "{sub} in {man}"
        );
    }
    let out = minutebook().arg("--version").output().unwrap();
    let version = text(&out.stdout);
    assert!(
        version.starts_with(&format!("minutebook {VERSION}")),
        "{version}"
    );
    assert!(
        version.contains("https://github.com/minutebook/minutebook"),
        "{version}"
    );
}
