//! The options of `ally import cow` and `ally import atop`, and what they resolve to: the
//! files named on the command line, else the ones bundled with `ally` (`data/`), so an
//! import works from a fresh clone without a download. [`super::run`] only prints or
//! writes what [`run_cow`] and [`run_atop`] return; a failure is the command line's one
//! [`Failure`].

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::super::Failure;
use crate::import::bundled::{LoadError, bundled, load};
use crate::import::select::{Region, Selection};
use crate::import::{Source, atop, cow};

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Usage(m) => Failure::Usage(m),
            LoadError::Encoding(r) => Failure::Reports(vec![r]),
        }
    }
}

/// A scenario, and the files it was read from (so that `-o` can refuse to write over
/// one of them).
#[derive(Debug)]
pub struct Imported {
    pub text: String,
    pub inputs: Vec<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    Europe,
    Americas,
    MiddleEast,
    Asia,
    Africa,
}

impl From<RegionArg> for Region {
    fn from(r: RegionArg) -> Region {
        match r {
            RegionArg::Europe => Region::Europe,
            RegionArg::Americas => Region::Americas,
            RegionArg::MiddleEast => Region::MiddleEast,
            RegionArg::Asia => Region::Asia,
            RegionArg::Africa => Region::Africa,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CowArgs {
    /// The year of the scenario
    #[arg(long)]
    pub year: i32,
    #[command(flatten)]
    pub select: SelectArgs,
    /// National Material Capabilities CSV (stateabb, ccode, year, cinc) [default: the
    /// bundled NMC 6.0]
    #[arg(long, value_name = "FILE")]
    pub nmc: Option<PathBuf>,
    /// Direct contiguity CSV (ccode1, ccode2, conttype, stdate, enddate) [default: the
    /// bundled COW Direct Contiguity 3.2]
    #[arg(long, value_name = "FILE")]
    pub contiguity: Option<PathBuf>,
    /// Alliance dyad-year CSV (ccode1, ccode2, year, cow_defense, cow_neutral, cow_nonagg,
    /// cow_entente) [not bundled: for alliances use `ally import atop`]
    #[arg(long, value_name = "FILE")]
    pub alliances: Option<PathBuf>,
    /// State-system CSV for names [default: cow_states.csv beside the NMC file, else the
    /// bundled one]
    #[arg(long, value_name = "FILE")]
    pub states_file: Option<PathBuf>,
    /// Major-power spells CSV [default: cow_majors.csv beside the NMC file, else the
    /// bundled one]
    #[arg(long, value_name = "FILE")]
    pub majors_file: Option<PathBuf>,
    /// Capitals CSV (ccode, capital, from, to, lat, lon, source), for `at` [default: the
    /// bundled data/capitals.csv]
    #[arg(long, value_name = "FILE")]
    pub capitals: Option<PathBuf>,
    /// Leave out the capitals' coordinates (pairs without contiguity keep the default
    /// proximity)
    #[arg(long, conflicts_with = "capitals")]
    pub no_capitals: bool,
    /// Write neutrality, non-aggression and entente agreements as alliances too (by
    /// default only defense pacts are; the others are written commented out)
    #[arg(long)]
    pub all_alliances: bool,
    /// The scenario's title
    #[arg(long)]
    pub title: Option<String>,
    /// Where to write the scenario (default: standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AtopArgs {
    /// The year of the scenario
    #[arg(long, required_unless_present_all = ["from", "to"], conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// The first year of a scenario over several years: it opens in this year, and an
    /// `at YEAR` block carries each later year's changes (with --to)
    #[arg(long, requires = "to", value_name = "Y1")]
    pub from: Option<i32>,
    /// The last year of a scenario over several years (with --from)
    #[arg(long, requires = "from", value_name = "Y2")]
    pub to: Option<i32>,
    #[command(flatten)]
    pub select: SelectArgs,
    /// ATOP directed dyad-year CSV (ccode1, ccode2, year, atop_defense, atop_offense,
    /// atop_neutral, atop_nonagg, atop_consul) [default: the bundled ATOP 5.1]
    #[arg(long, value_name = "FILE")]
    pub atop: Option<PathBuf>,
    /// National Material Capabilities CSV (stateabb, ccode, year, cinc) [default: the
    /// bundled NMC 6.0]
    #[arg(long, value_name = "FILE")]
    pub nmc: Option<PathBuf>,
    /// Direct contiguity CSV (ccode1, ccode2, conttype, stdate, enddate) [default: the
    /// bundled COW Direct Contiguity 3.2]
    #[arg(long, value_name = "FILE")]
    pub contiguity: Option<PathBuf>,
    /// State-system CSV for names [default: cow_states.csv beside the NMC file, else the
    /// bundled one]
    #[arg(long, value_name = "FILE")]
    pub states_file: Option<PathBuf>,
    /// Major-power spells CSV [default: cow_majors.csv beside the NMC file, else the
    /// bundled one]
    #[arg(long, value_name = "FILE")]
    pub majors_file: Option<PathBuf>,
    /// Capitals CSV (ccode, capital, from, to, lat, lon, source), for `at` [default: the
    /// bundled data/capitals.csv]
    #[arg(long, value_name = "FILE")]
    pub capitals: Option<PathBuf>,
    /// Leave out the capitals' coordinates (pairs without contiguity keep the default
    /// proximity)
    #[arg(long, conflicts_with = "capitals")]
    pub no_capitals: bool,
    /// The scenario's title
    #[arg(long)]
    pub title: Option<String>,
    /// Where to write the scenario (default: standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Which states an import takes: the same three options for every source.
#[derive(clap::Args, Debug)]
pub struct SelectArgs {
    /// States by COW abbreviation or code, comma-separated: `GMY,FRN,RUS` or `255,220,365`
    #[arg(long, value_name = "ABB,ABB…")]
    pub states: Option<String>,
    /// The major powers of the year
    #[arg(long)]
    pub majors: bool,
    /// Every state of a region (COW code ranges)
    #[arg(long, value_enum)]
    pub region: Option<RegionArg>,
    /// Every member of the state system in the year (every state with a CINC score)
    #[arg(long)]
    pub all: bool,
}

impl SelectArgs {
    /// `--all`, else `--states`, then `--region`; the major powers when none is given.
    fn selection(&self) -> Selection {
        if self.all {
            Selection::All
        } else if let Some(list) = &self.states {
            Selection::States(list.clone())
        } else if let Some(r) = self.region {
            Selection::Region(r.into())
        } else {
            Selection::Majors
        }
    }
}

/// Reads the files of one import, remembering which paths it read.
#[derive(Default)]
struct Files {
    read: Vec<PathBuf>,
}

impl Files {
    fn load(&mut self, p: &Path) -> Result<Source, Failure> {
        self.read.push(p.to_path_buf());
        Ok(load(p)?)
    }
    /// The file given, else the bundled `name`.
    fn given_or(&mut self, given: &Option<PathBuf>, name: &str) -> Result<Source, Failure> {
        match given {
            Some(p) => self.load(p),
            None => Ok(bundled(name)?),
        }
    }
    /// The file given, else `name` beside the NMC file the user gave, else the bundled
    /// one.
    fn beside_or(
        &mut self,
        given: &Option<PathBuf>,
        nmc: &Option<PathBuf>,
        name: &str,
    ) -> Result<Source, Failure> {
        if let Some(p) = given {
            return self.load(p);
        }
        if let Some(p) = nmc
            .as_ref()
            .map(|n| n.with_file_name(name))
            .filter(|p| p.is_file())
        {
            return self.load(&p);
        }
        Ok(bundled(name)?)
    }
    fn capitals(&mut self, given: &Option<PathBuf>, none: bool) -> Result<Option<Source>, Failure> {
        if none {
            return Ok(None);
        }
        self.given_or(given, "capitals.csv").map(Some)
    }
}

/// The command as the header cites it: file names only, so the output does not depend
/// on where the data lives.
fn command_line(
    what: &str,
    year: i32,
    selection: &Selection,
    files: &[(&str, &Option<PathBuf>)],
    flags: &[(&str, bool)],
) -> String {
    let base = |p: &Path| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut command = format!("ally import {what} --year {year}");
    match selection {
        Selection::States(l) => command.push_str(&format!(" --states {l}")),
        Selection::Majors => command.push_str(" --majors"),
        Selection::Region(r) => command.push_str(&format!(" --region {}", r.name())),
        Selection::All => command.push_str(" --all"),
    }
    for (flag, p) in files {
        if let Some(p) = p {
            command.push_str(&format!(" {flag} {}", base(p)));
        }
    }
    for (flag, on) in flags {
        if *on {
            command.push_str(&format!(" {flag}"));
        }
    }
    command
}

/// `ally import cow`: the scenario text.
pub fn run_cow(a: &CowArgs) -> Result<Imported, Failure> {
    let selection = a.select.selection();
    let command = command_line(
        "cow",
        a.year,
        &selection,
        &[
            ("--nmc", &a.nmc),
            ("--contiguity", &a.contiguity),
            ("--alliances", &a.alliances),
            ("--states-file", &a.states_file),
            ("--majors-file", &a.majors_file),
            ("--capitals", &a.capitals),
        ],
        &[
            ("--no-capitals", a.no_capitals),
            ("--all-alliances", a.all_alliances),
        ],
    );
    let mut f = Files::default();
    let options = cow::CowOptions {
        year: a.year,
        selection,
        nmc: f.given_or(&a.nmc, "NMC-60-abridged.csv.gz")?,
        states: Some(f.beside_or(&a.states_file, &a.nmc, "cow_states.csv")?),
        contiguity: Some(f.given_or(&a.contiguity, "cow_contdir.csv.gz")?),
        alliances: match &a.alliances {
            Some(p) => Some(f.load(p)?),
            None => None,
        },
        majors: Some(f.beside_or(&a.majors_file, &a.nmc, "cow_majors.csv")?),
        capitals: f.capitals(&a.capitals, a.no_capitals)?,
        all_alliances: a.all_alliances,
        title: a.title.clone(),
        command,
    };
    Ok(Imported {
        text: cow::import(&options)?,
        inputs: f.read,
    })
}

/// `ally import atop`: the scenario text.
pub fn run_atop(a: &AtopArgs) -> Result<Imported, Failure> {
    let selection = a.select.selection();
    // clap requires --year or both --from and --to.
    let (year, until) = match (a.year, a.from, a.to) {
        (Some(y), _, _) => (y, None),
        (None, Some(f), Some(t)) => (f, Some(t)),
        _ => {
            return Err(Failure::Usage(
                "error: give --year Y, or --from Y1 --to Y2".into(),
            ));
        }
    };
    let mut command = command_line(
        "atop",
        year,
        &selection,
        &[
            ("--atop", &a.atop),
            ("--nmc", &a.nmc),
            ("--contiguity", &a.contiguity),
            ("--states-file", &a.states_file),
            ("--majors-file", &a.majors_file),
            ("--capitals", &a.capitals),
        ],
        &[("--no-capitals", a.no_capitals)],
    );
    if let Some(t) = until {
        command = command.replacen(
            &format!("--year {year}"),
            &format!("--from {year} --to {t}"),
            1,
        );
    }
    let mut f = Files::default();
    let options = atop::AtopOptions {
        year,
        until,
        selection,
        atop: f.given_or(&a.atop, "atop5_1_ddyr.csv.gz")?,
        nmc: f.given_or(&a.nmc, "NMC-60-abridged.csv.gz")?,
        states: Some(f.beside_or(&a.states_file, &a.nmc, "cow_states.csv")?),
        contiguity: Some(f.given_or(&a.contiguity, "cow_contdir.csv.gz")?),
        majors: Some(f.beside_or(&a.majors_file, &a.nmc, "cow_majors.csv")?),
        capitals: f.capitals(&a.capitals, a.no_capitals)?,
        title: a.title.clone(),
        command,
    };
    Ok(Imported {
        text: atop::import(&options)?,
        inputs: f.read,
    })
}
