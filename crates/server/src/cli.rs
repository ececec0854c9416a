//! The `wijkgids-server` command line: serve (the default), accounts, export,
//! import, backup and restore.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use uuid::Uuid;
use wijkgids_core::vocab::{AccountRole, AccountStatus, Vocabulary};
use wijkgids_core::wire::NewAccount;

use crate::config::Config;
use crate::store::{RestoreLock, SqliteStorage, Store};

/// The form of an export or import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The whole guide, every kind of record (this server's own form).
    Wijkgids,
    /// Open Referral HSDS 3.0 services as JSON (see docs/HSDS.md); on import,
    /// a folder of CSV files is read as the tabular form.
    Hsds,
    /// Export only: HSDS 3.0 in the tabular form, a folder of CSV files with
    /// `datapackage.json`.
    HsdsCsv,
}

/// Wijkgids server: the JSON sync endpoint under /api/v1/ and the built app.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the API (the default); with `--demo true`, loads the demo
    /// neighbourhood into an empty database.
    Serve,
    /// Add, list, approve, block or unblock accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write the whole guide as JSON, to a file or standard output; with
    /// `--format hsds`, the public offerings as an array of HSDS 3.0 services.
    Export {
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Wijkgids)]
        format: Format,
    },
    /// Read a guide written by `export`; every record in it becomes a new version.
    /// With `--format hsds`: HSDS 3.0 services (one, an array or a page; a folder
    /// of such files), all checked before anything is written; only new and
    /// changed records get a new version.
    Import {
        /// A file, or with `--format hsds` also a folder: of `.json` files, or the
        /// tabular form (CSV files with `datapackage.json`).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Wijkgids)]
        format: Format,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the database to a new file; safe while the server runs.
    Backup { file: PathBuf },
    /// Copy a whole guide from one database to another, empty one: SQLite to
    /// PostgreSQL or back (records with their versions and change numbers,
    /// accounts, remembered mutation ids). The copy is a new history: devices pull
    /// it again, and everyone signs in again. Stop the servers of `--from` first.
    Copy {
        /// A SQLite file (`data/wijkgids.sqlite`) or a PostgreSQL connection string.
        #[arg(long)]
        from: String,
        /// An empty (or not yet existing) SQLite file, or an empty PostgreSQL database.
        #[arg(long)]
        to: String,
    },
    /// Put a backup in place of the database, as a new history that every device
    /// pulls again. The server must be stopped; the replaced database is kept.
    Restore { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is read from the first line of standard input.
    Add {
        email: String,
        #[arg(long, value_parser = parse_role)]
        role: AccountRole,
        /// The organisation a publisher publishes for.
        #[arg(long)]
        organisation: Option<Uuid>,
    },
    /// Every account: e-mail, role, status, organisation, name (pending requests first).
    List,
    /// Approve an account request: the account becomes active (as `unblock` does).
    Approve {
        email: String,
    },
    /// Block an account: it can no longer sign in and its sessions end.
    Block {
        email: String,
    },
    Unblock {
        email: String,
    },
}

fn parse_role(code: &str) -> Result<AccountRole, String> {
    AccountRole::from_code(code).ok_or_else(|| {
        let codes: Vec<_> = AccountRole::ALL.iter().map(|r| r.code()).collect();
        format!("one of: {}", codes.join(", "))
    })
}

/// Runs a command other than `serve`; the error is a sentence for the terminal.
pub fn run(config: &Config, command: Command) -> Result<(), String> {
    if let Command::Copy { from, to } = &command {
        return copy(from, to);
    }
    if config.database.is_some() {
        if let Command::Backup { .. } | Command::Restore { .. } = command {
            return Err(
                "a guide on PostgreSQL is backed up with pg_dump and put back with \
                 pg_restore (see the README), not with backup and restore"
                    .to_owned(),
            );
        }
        let store = config.open_store().map_err(|e| e.to_string())?;
        return run_on(&store, command);
    }
    if let Command::Restore { file } = command {
        return restore(config, &file);
    }
    let database = config.database_path();
    // Held until the command ends: a restore meanwhile would replace the file and
    // lose what this command writes.
    let _restore = RestoreLock::shared(&database).map_err(|e| e.to_string())?;
    if let Command::Backup { file } = command {
        return backup(&database, &file);
    }
    let store = Store::open_sqlite(&database).map_err(|e| e.to_string())?;
    run_on(&store, command)
}

/// Runs a command that works on any backend.
fn run_on(store: &Store, command: Command) -> Result<(), String> {
    let storage = store.blocking();
    match command {
        Command::Serve => unreachable!("serve is run by main"),
        Command::Restore { .. } | Command::Backup { .. } | Command::Copy { .. } => {
            unreachable!("backup, restore and copy open their own stores")
        }
        Command::User(UserCommand::Add {
            email,
            role,
            organisation,
        }) => {
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .map_err(|e| e.to_string())?;
            let request = NewAccount {
                email,
                password: password.trim_end_matches(['\r', '\n']).to_owned(),
                role,
                organisation_id: organisation,
            };
            let new = crate::api::new_account_record(request, &Default::default())
                .map_err(|e| format!("{}: {}", e.field.unwrap_or_default(), e.message))?;
            let account = storage.insert_account(&new).map_err(|e| e.to_string())?;
            println!(
                "added {} ({}) {}",
                account.email,
                account.role.code(),
                account.id
            );
        }
        Command::User(UserCommand::List) => {
            for a in storage.accounts().map_err(|e| e.to_string())? {
                let organisation = a.organisation_id.map(|o| o.to_string()).unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    a.email,
                    a.role.code(),
                    a.status.code(),
                    organisation,
                    a.name.unwrap_or_default()
                );
            }
        }
        Command::User(UserCommand::Block { email }) => {
            set_status(storage, &email, AccountStatus::Blocked)?
        }
        Command::User(UserCommand::Approve { email } | UserCommand::Unblock { email }) => {
            set_status(storage, &email, AccountStatus::Active)?
        }
        Command::Export { out, format } => {
            let text = match format {
                Format::Wijkgids => {
                    let document = crate::transfer::export(storage).map_err(|e| e.to_string())?;
                    serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?
                }
                Format::Hsds | Format::HsdsCsv => {
                    let (services, notes) =
                        crate::hsds::transfer::export(storage).map_err(|e| e.to_string())?;
                    for note in &notes {
                        eprintln!("note: {note}");
                    }
                    eprintln!("{} services", services.len());
                    if format == Format::HsdsCsv {
                        let dir = out.ok_or("--format hsds-csv writes a folder: give --out")?;
                        return crate::hsds::tabular::write(&services, &dir);
                    }
                    serde_json::to_string_pretty(&services).map_err(|e| e.to_string())?
                }
            };
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => writeln!(std::io::stdout(), "{text}").map_err(|e| e.to_string())?,
            }
        }
        Command::Import {
            file,
            format: Format::Hsds | Format::HsdsCsv,
            dry_run,
        } => import_hsds(storage, &file, dry_run)?,
        Command::Import { dry_run: true, .. } => {
            return Err("--dry-run is for --format hsds".into());
        }
        Command::Import { file, .. } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let count = crate::transfer::import(storage, &text).map_err(|e| e.to_string())?;
            println!("imported {count} records");
        }
    }
    Ok(())
}

/// Reads `path` (a file, or every `.json` file of a folder), imports its HSDS
/// services and prints the report; any problem means nothing was written.
fn import_hsds(
    storage: &dyn crate::store::Storage,
    path: &std::path::Path,
    dry_run: bool,
) -> Result<(), String> {
    let tabular = path.join("datapackage.json").exists() || path.join("services.csv").exists();
    if path.is_dir() && tabular {
        let (input, problems) = crate::hsds::tabular::read(path).map_err(|found| {
            found
                .iter()
                .map(|f| f.text())
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        return report_hsds(storage, vec![input], problems, dry_run);
    }
    let files = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut inputs = Vec::new();
    for file in &files {
        let source = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| format!("{source}: {e}"))?;
        let json = serde_json::from_str(&text).map_err(|e| format!("{source}: {e}"))?;
        inputs.push(crate::hsds::transfer::Input {
            source,
            json,
            origins: vec![],
            unsaid: vec![],
        });
    }
    report_hsds(storage, inputs, vec![], dry_run)
}

/// Imports `inputs` (unless the files already had `problems`) and prints the report.
fn report_hsds(
    storage: &dyn crate::store::Storage,
    inputs: Vec<crate::hsds::transfer::Input>,
    problems: Vec<wijkgids_core::wire::HsdsFinding>,
    dry_run: bool,
) -> Result<(), String> {
    let mut report =
        crate::hsds::transfer::import(storage, &inputs, dry_run || !problems.is_empty())
            .map_err(|e| e.to_string())?;
    report.problems.splice(0..0, problems);
    for group in report.note_groups() {
        let places = if group.at.is_empty() {
            group.places.join("; ")
        } else {
            let english = |p: &wijkgids_core::hsds::Place| p.text(wijkgids_core::vocab::Lang::En);
            group.at.iter().map(english).collect::<Vec<_>>().join("; ")
        };
        // A note about a whole file (one not chosen) has no field to name.
        let about = match group.field.as_str() {
            "" => String::new(),
            field => format!("{field}: "),
        };
        println!("note: {}× {about}{} ({places})", group.count, group.message);
    }
    let mut drafts = report.changes.iter().filter(|c| c.draft).peekable();
    if drafts.peek().is_some() {
        println!("drafts (not shown to residents until completed in the guide):");
    }
    for draft in drafts {
        let missing: Vec<String> = draft
            .missing
            .iter()
            .map(|p| format!("{}: {}", p.field, p.text(wijkgids_core::vocab::Lang::En)))
            .collect();
        println!("  {} ({}): {}", draft.name, draft.id, missing.join("; "));
    }
    if !report.problems.is_empty() {
        let problems: Vec<String> = report.problems.iter().map(|p| p.text()).collect();
        return Err(format!(
            "{} problem(s), nothing was imported:\n{}",
            report.problems.len(),
            problems.join("\n")
        ));
    }
    let verb = if dry_run { "would import" } else { "imported" };
    println!(
        "{verb} {} offerings and {} organisations; unchanged: {} offerings and {} organisations",
        report.offerings, report.organisations, report.unchanged, report.unchanged_organisations
    );
    Ok(())
}

/// Whether `place` names a PostgreSQL database rather than a SQLite file.
fn is_postgres(place: &str) -> bool {
    place.starts_with("postgres://")
        || place.starts_with("postgresql://")
        || place.contains("dbname=")
        || place.contains("host=")
}

fn copy(from: &str, to: &str) -> Result<(), String> {
    let source = if is_postgres(from) {
        Store::open_postgres(from, crate::store::POSTGRES_CONNECTIONS)
    } else if std::path::Path::new(from).is_file() {
        Store::open_sqlite(std::path::Path::new(from))
    } else {
        return Err(format!(
            "{from}: no such SQLite file (or PostgreSQL connection string)"
        ));
    };
    let source = source.map_err(|e| format!("--from: {e}"))?;
    let target = if is_postgres(to) {
        Store::open_postgres(to, crate::store::POSTGRES_CONNECTIONS)
    } else {
        Store::open_sqlite(std::path::Path::new(to))
    };
    let target = target.map_err(|e| format!("--to: {e}"))?;
    let dump = source.blocking().dump().map_err(|e| e.to_string())?;
    let epoch = target.blocking().load(&dump).map_err(|e| e.to_string())?;
    println!(
        "copied {} records, {} accounts and {} remembered mutations as history {epoch}; \
         devices pull the guide again and everyone signs in again",
        dump.records.len(),
        dump.accounts.len(),
        dump.mutations.len()
    );
    Ok(())
}

fn backup(database: &std::path::Path, file: &std::path::Path) -> Result<(), String> {
    if file.exists() {
        return Err(format!("{} exists; choose a new file", file.display()));
    }
    SqliteStorage::backup_file(database, file).map_err(|e| e.to_string())?;
    println!("backed up to {}", file.display());
    Ok(())
}

fn restore(config: &Config, file: &std::path::Path) -> Result<(), String> {
    if !file.is_file() {
        return Err(format!("{}: no such file", file.display()));
    }
    let database = config.database_path();
    let restored = SqliteStorage::restore(&database, file).map_err(|e| e.to_string())?;
    println!(
        "restored {} records from {} into {} as history {}",
        restored.records,
        file.display(),
        database.display(),
        restored.epoch
    );
    if restored.continued {
        println!(
            "versions continue above the replaced database's; {} records only it held are deleted",
            restored.tombstones
        );
    }
    if let Some(why) = &restored.unreadable {
        println!(
            "the replaced database cannot be read ({why}); versions start from the backup's \
             and its accounts are the backup's"
        );
    }
    if restored.accounts_kept {
        println!(
            "accounts are the replaced database's (blocks, new accounts and passwords since \
             the backup stay)"
        );
    }
    println!("every session ended: everyone signs in again");
    if let Some(kept) = restored.kept {
        println!("the replaced database is kept as {}", kept.display());
    }
    println!("devices notice when they next sync and pull the guide again");
    Ok(())
}

fn set_status(
    storage: &dyn crate::store::Storage,
    email: &str,
    status: AccountStatus,
) -> Result<(), String> {
    let email = crate::auth::normalise_email(email);
    match storage.set_account_status(&email, status) {
        Ok(true) => {
            println!("{email} is now {}", status.code());
            Ok(())
        }
        Ok(false) => Err(format!("no account {email}")),
        Err(e) => Err(e.to_string()),
    }
}
