//! Summary statistics for the lab: the mean of a sample with a 95 % interval by the
//! normal approximation, `mean ± 1.96 · s / √n`, `s` the sample standard deviation
//! (divisor `n − 1`), and the lecture's predicted direction checked against it.

use serde::Serialize;

/// The normal quantile of a two-sided 95 % interval.
pub const Z95: f64 = 1.96;

/// A sample's mean and its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (divisor `n − 1`; 0 when `n < 2`).
    pub sd: f64,
    pub low: f64,
    pub high: f64,
}

/// Mean and 95 % interval of `xs`, summed in order (so the result never depends on
/// how the sample was computed). An empty sample has mean 0 and `n` 0.
pub fn summarize(xs: &[f64]) -> Summary {
    let n = xs.len();
    if n == 0 {
        return Summary {
            n,
            mean: 0.0,
            sd: 0.0,
            low: 0.0,
            high: 0.0,
        };
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let sd = if n < 2 {
        0.0
    } else {
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    };
    let half = Z95 * sd / (n as f64).sqrt();
    Summary {
        n,
        mean,
        sd,
        low: mean - half,
        high: mean + half,
    }
}

/// Which side of a reference value the lecture puts a statistic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Direction {
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<")]
    Below,
}

/// The lecture's prediction for one cell: the statistic lies above or below `reference`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    pub direction: Direction,
    pub reference: f64,
    /// The lecture's words: "threatener loses allies".
    pub words: String,
}

/// How the measured interval stands against a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval lies on the predicted side of the reference.
    Confirmed,
    /// The interval contains the reference.
    Inconclusive,
    /// The whole interval lies on the other side.
    Contradicted,
}

impl Verdict {
    pub fn of(s: &Summary, p: &Prediction) -> Verdict {
        let (ok, wrong) = match p.direction {
            Direction::Above => (s.low > p.reference, s.high < p.reference),
            Direction::Below => (s.high < p.reference, s.low > p.reference),
        };
        if ok {
            Verdict::Confirmed
        } else if wrong {
            Verdict::Contradicted
        } else {
            Verdict::Inconclusive
        }
    }

    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Confirmed => "✓",
            Verdict::Inconclusive => "?",
            Verdict::Contradicted => "✗",
        }
    }
}
