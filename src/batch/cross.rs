//! The hook for audits across reports (the same agency's carry-over from one year to the next,
//! duplicates, …). The batch shows each finished record to it, in output order, and asks it for
//! its findings at the end; they go into the run's summary.

use crate::Report;
use crate::audit::across::{Summary, across};
use crate::finding::Finding;

/// An audit over the whole batch. Keep only what the rules need from each report (agency,
/// year, a few cells): the batch's memory must not grow with the archive.
pub trait CrossAudit {
    /// Called once per extracted report, in output order.
    fn observe(&mut self, report: &Report);
    /// Called once after the last report.
    fn finish(&mut self) -> Vec<Finding>;
}

/// No cross-report rules.
pub struct NoCrossAudit;

impl CrossAudit for NoCrossAudit {
    fn observe(&mut self, _: &Report) {}

    fn finish(&mut self) -> Vec<Finding> {
        Vec::new()
    }
}

/// The rules of [`crate::audit::across`] over a batch: keeps a [`Summary`] (a few cells) per
/// report, pairs one agency's consecutive years at the end.
#[derive(Default)]
pub struct Consecutive {
    summaries: Vec<Summary>,
}

impl CrossAudit for Consecutive {
    fn observe(&mut self, report: &Report) {
        self.summaries.extend(Summary::of(report));
    }

    fn finish(&mut self) -> Vec<Finding> {
        across(&self.summaries)
            .into_iter()
            .map(|(i, mut f)| {
                // The summary lists findings of the whole run: say which report each is about.
                let path = &self.summaries[i].path;
                f.message = format!("{path}: {}", f.message);
                f.message_other = format!("{path}: {}", f.message_other);
                f
            })
            .collect()
    }
}
