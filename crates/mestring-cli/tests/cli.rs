use assert_cmd::Command;

fn mestring() -> Command {
    Command::cargo_bin("mestring").unwrap_or_else(|err| panic!("{err}"))
}

#[test]
fn version_prints_the_package_version() {
    let output = mestring().arg("version").output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("mestring {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_the_commands() {
    let output = mestring().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("version"), "{help}");
}

#[test]
fn an_unknown_command_fails_with_a_reason() {
    let output = mestring().arg("frobnicate").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("frobnicate"), "{stderr}");
}
