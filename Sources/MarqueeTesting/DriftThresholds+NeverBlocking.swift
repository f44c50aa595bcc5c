import Quality

extension DriftThresholds {
    /// Thresholds that never warn or block: for tests about something other than drift.
    public static var neverBlocking: DriftThresholds {
        var thresholds = DriftThresholds()
        let off = DriftThresholds.Limit(warn: nil, block: nil)
        thresholds.ratingPSI = off
        thresholds.userActivityPSI = off
        thresholds.top100Overlap = off
        thresholds.top10ShareDelta = off
        thresholds.top100ShareDelta = off
        thresholds.giniDelta = off
        return thresholds
    }
}
