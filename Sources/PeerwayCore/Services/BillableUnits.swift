/// Billable units for time-based peer support codes, billed per 15 minutes (HCPCS H0038, H0025).
///
/// The rule is the midpoint rule of CPT time-based codes, the one CMS and California's Medi-Cal
/// billing manuals apply: a unit is earned once more than half of it has passed. Under 8 minutes is
/// documented but not billable; 8–22 minutes is 1 unit, 23–37 is 2, 38–52 is 3, and so on. It was chosen
/// over "round up" (which bills time not given) and "whole units only" (which loses up to 14 minutes of
/// every contact, most of which are short in the field) because it is the rule auditors check against.
public enum BillableUnits {
    public static let minutesPerUnit = 15

    public static func units(forMinutes minutes: Int) -> Int {
        guard minutes > 0 else { return 0 }
        return (minutes + minutesPerUnit / 2) / minutesPerUnit
    }
}
