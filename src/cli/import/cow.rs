//! `ally import cow`: the Correlates of War importer of [`crate::import::cow`].

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::cli::{Failure, Outcome, eprint_report, print, read};
use crate::diagnostics::Report;
use crate::output;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The year of the scenario
    #[arg(long)]
    pub year: i32,
    /// States by COW abbreviation or code, comma-separated: `GMY,FRN,RUS` or `255,220,365`
    #[arg(long, value_name = "ABB,ABB…")]
    pub states: Option<String>,
    /// The major powers of the year
    #[arg(long)]
    pub majors: bool,
    /// Every state of a region (COW code ranges)
    #[arg(long, value_enum)]
    pub region: Option<RegionArg>,
    /// National Material Capabilities CSV (stateabb, ccode, year, cinc)
    #[arg(long, value_name = "FILE")]
    pub nmc: PathBuf,
    /// Direct contiguity CSV (ccode1, ccode2, conttype, stdate, enddate)
    #[arg(long, value_name = "FILE")]
    pub contiguity: Option<PathBuf>,
    /// Alliance dyad-year CSV (ccode1, ccode2, year, cow_defense, cow_neutral, cow_nonagg,
    /// cow_entente)
    #[arg(long, value_name = "FILE")]
    pub alliances: Option<PathBuf>,
    /// State-system CSV for names [default: cow_states.csv beside the NMC file, if present]
    #[arg(long, value_name = "FILE")]
    pub states_file: Option<PathBuf>,
    /// Major-power spells CSV [default: cow_majors.csv beside the NMC file, else built in]
    #[arg(long, value_name = "FILE")]
    pub majors_file: Option<PathBuf>,
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

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    Europe,
    Americas,
    MiddleEast,
    Asia,
    Africa,
}

/// `ally import cow`: reads the CSVs, builds the scenario, writes it.
pub fn run(a: &Args) -> Outcome {
    use crate::import::Source;
    use crate::import::cow::{self, CowOptions, Region, Selection};
    // A CSV that is not UTF-8 is reported (with its line) like an error in the data.
    let load = |p: &Path| -> Result<Source, Failure> {
        let text = read(p)?;
        let name = p.display().to_string();
        if let Some(diag) = text.error {
            eprint_report(&Report::new(&name, &text.text, vec![diag]))?;
            return Err(Failure::Input);
        }
        Ok(Source::new(name, text.text))
    };
    let beside = |name: &str| {
        let p = a.nmc.with_file_name(name);
        p.is_file().then_some(p)
    };
    let states_path = a.states_file.clone().or(beside("cow_states.csv"));
    let majors_path = a.majors_file.clone().or(beside("cow_majors.csv"));
    // Every file read, so that `-o` can refuse to write over any of them.
    let loaded: Vec<PathBuf> = [
        Some(a.nmc.clone()),
        states_path.clone(),
        a.contiguity.clone(),
        a.alliances.clone(),
        majors_path.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let optional = |p: &Option<PathBuf>| p.as_deref().map(load).transpose();
    let nmc = load(&a.nmc)?;
    let states = optional(&states_path)?;
    let contiguity = optional(&a.contiguity)?;
    let alliances = optional(&a.alliances)?;
    let majors = optional(&majors_path)?;
    let selection = if let Some(list) = &a.states {
        Selection::States(list.clone())
    } else if let Some(r) = a.region {
        Selection::Region(match r {
            RegionArg::Europe => Region::Europe,
            RegionArg::Americas => Region::Americas,
            RegionArg::MiddleEast => Region::MiddleEast,
            RegionArg::Asia => Region::Asia,
            RegionArg::Africa => Region::Africa,
        })
    } else {
        Selection::Majors
    };
    // The command as the header cites it: file names only, so the output does not
    // depend on where the data lives.
    let base = |p: &Path| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut command = format!("ally import cow --year {}", a.year);
    match &selection {
        Selection::States(l) => command.push_str(&format!(" --states {l}")),
        Selection::Majors => command.push_str(" --majors"),
        Selection::Region(r) => command.push_str(&format!(" --region {}", r.name())),
    }
    command.push_str(&format!(" --nmc {}", base(&a.nmc)));
    for (flag, p) in [
        ("--contiguity", &a.contiguity),
        ("--alliances", &a.alliances),
        ("--states-file", &a.states_file),
        ("--majors-file", &a.majors_file),
    ] {
        if let Some(p) = p {
            command.push_str(&format!(" {flag} {}", base(p)));
        }
    }
    if a.all_alliances {
        command.push_str(" --all-alliances");
    }
    let options = CowOptions {
        year: a.year,
        selection,
        nmc,
        states,
        contiguity,
        alliances,
        majors,
        all_alliances: a.all_alliances,
        title: a.title.clone(),
        command,
    };
    let text = match cow::import(&options) {
        Ok(t) => t,
        Err(reports) => {
            for r in &reports {
                eprint_report(r)?;
            }
            return Err(Failure::Input);
        }
    };
    match &a.output {
        Some(out) => {
            let inputs: Vec<&Path> = loaded.iter().map(PathBuf::as_path).collect();
            Ok(output::write_atomic(out, text.as_bytes(), &inputs)?)
        }
        None => print(&text),
    }
}
