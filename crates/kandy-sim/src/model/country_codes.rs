//! Country codes: ISO 3166 alpha-2 codes, the ITU calling codes they dial (E.164), their
//! mobile country codes (E.212) and national trunk prefixes.
//!
//! The tables are the simulator's own, written from the ITU lists: #18 lists them and #47
//! normalizes with them (see FIDELITY.md for why no phone-number library is used).

/// `(ISO alpha-2, calling code)` for every country and territory with a calling code.
#[rustfmt::skip]
const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "376"), ("AE", "971"), ("AF", "93"), ("AG", "1"), ("AI", "1"), ("AL", "355"),
    ("AM", "374"), ("AO", "244"), ("AR", "54"), ("AS", "1"), ("AT", "43"), ("AU", "61"),
    ("AW", "297"), ("AX", "358"), ("AZ", "994"), ("BA", "387"), ("BB", "1"), ("BD", "880"),
    ("BE", "32"), ("BF", "226"), ("BG", "359"), ("BH", "973"), ("BI", "257"), ("BJ", "229"),
    ("BL", "590"), ("BM", "1"), ("BN", "673"), ("BO", "591"), ("BQ", "599"), ("BR", "55"),
    ("BS", "1"), ("BT", "975"), ("BW", "267"), ("BY", "375"), ("BZ", "501"), ("CA", "1"),
    ("CC", "61"), ("CD", "243"), ("CF", "236"), ("CG", "242"), ("CH", "41"), ("CI", "225"),
    ("CK", "682"), ("CL", "56"), ("CM", "237"), ("CN", "86"), ("CO", "57"), ("CR", "506"),
    ("CU", "53"), ("CV", "238"), ("CW", "599"), ("CX", "61"), ("CY", "357"), ("CZ", "420"),
    ("DE", "49"), ("DJ", "253"), ("DK", "45"), ("DM", "1"), ("DO", "1"), ("DZ", "213"),
    ("EC", "593"), ("EE", "372"), ("EG", "20"), ("EH", "212"), ("ER", "291"), ("ES", "34"),
    ("ET", "251"), ("FI", "358"), ("FJ", "679"), ("FK", "500"), ("FM", "691"), ("FO", "298"),
    ("FR", "33"), ("GA", "241"), ("GB", "44"), ("GD", "1"), ("GE", "995"), ("GF", "594"),
    ("GG", "44"), ("GH", "233"), ("GI", "350"), ("GL", "299"), ("GM", "220"), ("GN", "224"),
    ("GP", "590"), ("GQ", "240"), ("GR", "30"), ("GT", "502"), ("GU", "1"), ("GW", "245"),
    ("GY", "592"), ("HK", "852"), ("HN", "504"), ("HR", "385"), ("HT", "509"), ("HU", "36"),
    ("ID", "62"), ("IE", "353"), ("IL", "972"), ("IM", "44"), ("IN", "91"), ("IO", "246"),
    ("IQ", "964"), ("IR", "98"), ("IS", "354"), ("IT", "39"), ("JE", "44"), ("JM", "1"),
    ("JO", "962"), ("JP", "81"), ("KE", "254"), ("KG", "996"), ("KH", "855"), ("KI", "686"),
    ("KM", "269"), ("KN", "1"), ("KP", "850"), ("KR", "82"), ("KW", "965"), ("KY", "1"),
    ("KZ", "7"), ("LA", "856"), ("LB", "961"), ("LC", "1"), ("LI", "423"), ("LK", "94"),
    ("LR", "231"), ("LS", "266"), ("LT", "370"), ("LU", "352"), ("LV", "371"), ("LY", "218"),
    ("MA", "212"), ("MC", "377"), ("MD", "373"), ("ME", "382"), ("MF", "590"), ("MG", "261"),
    ("MH", "692"), ("MK", "389"), ("ML", "223"), ("MM", "95"), ("MN", "976"), ("MO", "853"),
    ("MP", "1"), ("MQ", "596"), ("MR", "222"), ("MS", "1"), ("MT", "356"), ("MU", "230"),
    ("MV", "960"), ("MW", "265"), ("MX", "52"), ("MY", "60"), ("MZ", "258"), ("NA", "264"),
    ("NC", "687"), ("NE", "227"), ("NF", "672"), ("NG", "234"), ("NI", "505"), ("NL", "31"),
    ("NO", "47"), ("NP", "977"), ("NR", "674"), ("NU", "683"), ("NZ", "64"), ("OM", "968"),
    ("PA", "507"), ("PE", "51"), ("PF", "689"), ("PG", "675"), ("PH", "63"), ("PK", "92"),
    ("PL", "48"), ("PM", "508"), ("PR", "1"), ("PS", "970"), ("PT", "351"), ("PW", "680"),
    ("PY", "595"), ("QA", "974"), ("RE", "262"), ("RO", "40"), ("RS", "381"), ("RU", "7"),
    ("RW", "250"), ("SA", "966"), ("SB", "677"), ("SC", "248"), ("SD", "249"), ("SE", "46"),
    ("SG", "65"), ("SH", "290"), ("SI", "386"), ("SJ", "47"), ("SK", "421"), ("SL", "232"),
    ("SM", "378"), ("SN", "221"), ("SO", "252"), ("SR", "597"), ("SS", "211"), ("ST", "239"),
    ("SV", "503"), ("SX", "1"), ("SY", "963"), ("SZ", "268"), ("TC", "1"), ("TD", "235"),
    ("TG", "228"), ("TH", "66"), ("TJ", "992"), ("TK", "690"), ("TL", "670"), ("TM", "993"),
    ("TN", "216"), ("TO", "676"), ("TR", "90"), ("TT", "1"), ("TV", "688"), ("TW", "886"),
    ("TZ", "255"), ("UA", "380"), ("UG", "256"), ("US", "1"), ("UY", "598"), ("UZ", "998"),
    ("VA", "39"), ("VC", "1"), ("VE", "58"), ("VG", "1"), ("VI", "1"), ("VN", "84"),
    ("VU", "678"), ("WF", "681"), ("WS", "685"), ("XK", "383"), ("YE", "967"), ("YT", "262"),
    ("ZA", "27"), ("ZM", "260"), ("ZW", "263"),
];

/// `(MCC, ISO alpha-2)`: the mobile country codes of E.212, each with the countries it
/// serves (`340` the French Antilles, `362` the former Netherlands Antilles).
#[rustfmt::skip]
const MCCS: &[(&str, &str)] = &[
    ("202", "GR"), ("204", "NL"), ("206", "BE"), ("208", "FR"), ("212", "MC"), ("213", "AD"),
    ("214", "ES"), ("216", "HU"), ("218", "BA"), ("219", "HR"), ("220", "RS"), ("221", "XK"),
    ("222", "IT"), ("225", "VA"), ("226", "RO"), ("228", "CH"), ("230", "CZ"), ("231", "SK"),
    ("232", "AT"), ("234", "GB"), ("235", "GB"), ("238", "DK"), ("240", "SE"), ("242", "NO"),
    ("244", "FI"), ("246", "LT"), ("247", "LV"), ("248", "EE"), ("250", "RU"), ("255", "UA"),
    ("257", "BY"), ("259", "MD"), ("260", "PL"), ("262", "DE"), ("266", "GI"), ("268", "PT"),
    ("270", "LU"), ("272", "IE"), ("274", "IS"), ("276", "AL"), ("278", "MT"), ("280", "CY"),
    ("282", "GE"), ("283", "AM"), ("284", "BG"), ("286", "TR"), ("288", "FO"), ("290", "GL"),
    ("292", "SM"), ("293", "SI"), ("294", "MK"), ("295", "LI"), ("297", "ME"), ("302", "CA"),
    ("308", "PM"), ("310", "US"), ("311", "US"), ("312", "US"), ("313", "US"), ("314", "US"),
    ("315", "US"), ("316", "US"), ("330", "PR"), ("332", "VI"), ("334", "MX"), ("338", "JM"),
    ("340", "GP"), ("340", "MQ"), ("340", "BL"), ("340", "MF"), ("342", "BB"), ("344", "AG"),
    ("346", "KY"), ("348", "VG"), ("350", "BM"), ("352", "GD"), ("354", "MS"), ("356", "KN"),
    ("358", "LC"), ("360", "VC"), ("362", "CW"), ("362", "BQ"), ("362", "SX"), ("363", "AW"),
    ("364", "BS"), ("365", "AI"), ("366", "DM"), ("368", "CU"), ("370", "DO"), ("372", "HT"),
    ("374", "TT"), ("376", "TC"), ("400", "AZ"), ("401", "KZ"), ("402", "BT"), ("404", "IN"),
    ("405", "IN"), ("406", "IN"), ("410", "PK"), ("412", "AF"), ("413", "LK"), ("414", "MM"),
    ("415", "LB"), ("416", "JO"), ("417", "SY"), ("418", "IQ"), ("419", "KW"), ("420", "SA"),
    ("421", "YE"), ("422", "OM"), ("424", "AE"), ("425", "IL"), ("425", "PS"), ("426", "BH"),
    ("427", "QA"), ("428", "MN"), ("429", "NP"), ("430", "AE"), ("431", "AE"), ("432", "IR"),
    ("434", "UZ"), ("436", "TJ"), ("437", "KG"), ("438", "TM"), ("440", "JP"), ("441", "JP"),
    ("450", "KR"), ("452", "VN"), ("454", "HK"), ("455", "MO"), ("456", "KH"), ("457", "LA"),
    ("460", "CN"), ("461", "CN"), ("466", "TW"), ("467", "KP"), ("470", "BD"), ("472", "MV"),
    ("502", "MY"), ("505", "AU"), ("510", "ID"), ("514", "TL"), ("515", "PH"), ("520", "TH"),
    ("525", "SG"), ("528", "BN"), ("530", "NZ"), ("536", "NR"), ("537", "PG"), ("539", "TO"),
    ("540", "SB"), ("541", "VU"), ("542", "FJ"), ("543", "WF"), ("544", "AS"), ("545", "KI"),
    ("546", "NC"), ("547", "PF"), ("548", "CK"), ("549", "WS"), ("550", "FM"), ("551", "MH"),
    ("552", "PW"), ("553", "TV"), ("555", "NU"), ("602", "EG"), ("603", "DZ"), ("604", "MA"),
    ("605", "TN"), ("606", "LY"), ("607", "GM"), ("608", "SN"), ("609", "MR"), ("610", "ML"),
    ("611", "GN"), ("612", "CI"), ("613", "BF"), ("614", "NE"), ("615", "TG"), ("616", "BJ"),
    ("617", "MU"), ("618", "LR"), ("619", "SL"), ("620", "GH"), ("621", "NG"), ("622", "TD"),
    ("623", "CF"), ("624", "CM"), ("625", "CV"), ("626", "ST"), ("627", "GQ"), ("628", "GA"),
    ("629", "CG"), ("630", "CD"), ("631", "AO"), ("632", "GW"), ("633", "SC"), ("634", "SD"),
    ("635", "RW"), ("636", "ET"), ("637", "SO"), ("638", "DJ"), ("639", "KE"), ("640", "TZ"),
    ("641", "UG"), ("642", "BI"), ("643", "MZ"), ("645", "ZM"), ("646", "MG"), ("647", "RE"),
    ("647", "YT"), ("648", "ZW"), ("649", "NA"), ("650", "MW"), ("651", "LS"), ("652", "BW"),
    ("653", "SZ"), ("654", "KM"), ("655", "ZA"), ("657", "ER"), ("658", "SH"), ("659", "SS"),
    ("702", "BZ"), ("704", "GT"), ("706", "SV"), ("708", "HN"), ("710", "NI"), ("712", "CR"),
    ("714", "PA"), ("716", "PE"), ("722", "AR"), ("724", "BR"), ("730", "CL"), ("732", "CO"),
    ("734", "VE"), ("736", "BO"), ("738", "GY"), ("740", "EC"), ("742", "GF"), ("744", "PY"),
    ("746", "SR"), ("748", "UY"), ("750", "FK"),
];

/// Countries whose national numbers do not drop a trunk prefix `0` (it is part of the
/// number, as in Italy), or have none, with the prefix dialled before a national number
/// (`""` for none). Every country not listed drops a leading `0`; the `1` countries (the
/// North American plan) drop a leading `1`.
#[rustfmt::skip]
const TRUNK_PREFIXES: &[(&str, &str)] = &[
    ("IT", ""), ("SM", ""), ("VA", ""), ("ES", ""), ("PT", ""), ("GR", ""), ("DK", ""),
    ("NO", ""), ("LU", ""), ("IS", ""), ("MT", ""), ("CY", ""), ("PL", ""), ("CZ", ""),
    ("EE", ""), ("LV", ""), ("MC", ""), ("AD", ""), ("FO", ""), ("GL", ""), ("LI", ""),
    ("SG", ""), ("HK", ""), ("MO", ""), ("QA", ""), ("BH", ""), ("KW", ""), ("OM", ""),
    ("RU", "8"), ("KZ", "8"), ("BY", "8"), ("LT", "8"), ("HU", "06"), ("MX", ""),
    ("CL", ""), ("UY", ""),
];

/// One country of the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Country {
    /// ISO alpha-2 (`US`).
    pub iso: &'static str,
    /// ITU calling code without `+` (`1`).
    pub calling_code: &'static str,
}

impl Country {
    /// Its mobile country codes, ascending.
    pub(crate) fn mccs(self) -> Vec<&'static str> {
        MCCS.iter()
            .filter(|(_, iso)| *iso == self.iso)
            .map(|(mcc, _)| *mcc)
            .collect()
    }

    /// The trunk prefix a national number may start with (`0`, `1` in the North American
    /// plan, `8` in Russia), or `""` where a leading `0` is part of the number.
    pub(crate) fn trunk_prefix(self) -> &'static str {
        if self.calling_code == "1" {
            return "1";
        }
        TRUNK_PREFIXES
            .iter()
            .find(|(iso, _)| *iso == self.iso)
            .map_or("0", |(_, prefix)| *prefix)
    }
}

/// Every country, in ISO order.
pub(crate) fn countries() -> impl Iterator<Item = Country> {
    COUNTRIES
        .iter()
        .map(|(iso, calling_code)| Country { iso, calling_code })
}

/// The country of an ISO alpha-2 code, any case (surrounding spaces ignored).
pub(crate) fn by_iso(value: &str) -> Option<Country> {
    let value = value.trim();
    countries().find(|country| country.iso.eq_ignore_ascii_case(value))
}

/// The countries a mobile country code serves (none for an unassigned one).
pub(crate) fn by_mcc(mcc: &str) -> Vec<Country> {
    MCCS.iter()
        .filter(|(code, _)| *code == mcc)
        .filter_map(|(_, iso)| by_iso(iso))
        .collect()
}

/// The calling code of `US`, `us`, `+1` or `1` (surrounding spaces ignored); `None` if unknown.
pub(crate) fn calling_code(value: &str) -> Option<&'static str> {
    let value = value.trim();
    let digits = value.strip_prefix('+').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return COUNTRIES
            .iter()
            .find(|(_, code)| *code == digits)
            .map(|(_, code)| *code);
    }
    COUNTRIES
        .iter()
        .find(|(iso, _)| iso.eq_ignore_ascii_case(value))
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_plus_and_bare_forms_give_the_calling_code() {
        assert_eq!(calling_code("US"), Some("1"));
        assert_eq!(calling_code("us"), Some("1"));
        assert_eq!(calling_code("+1"), Some("1"));
        assert_eq!(calling_code("1"), Some("1"));
        assert_eq!(calling_code("IL"), Some("972"));
        assert_eq!(calling_code("+44"), Some("44"));
    }

    #[test]
    fn unknown_codes_are_refused() {
        for bad in ["", "+", "ZZ", "USA", "+999", "0", "1a"] {
            assert_eq!(calling_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn mobile_country_codes_name_known_countries() {
        for (mcc, iso) in MCCS {
            assert!(by_iso(iso).is_some(), "{mcc} names {iso}");
            assert!(mcc.len() == 3 && mcc.bytes().all(|b| b.is_ascii_digit()));
        }
        let us: Vec<_> = by_mcc("310").iter().map(|c| c.iso).collect();
        assert_eq!(us, ["US"]);
        assert_eq!(by_iso("us").unwrap().mccs().len(), 7);
        assert!(by_mcc("999").is_empty());
        for (iso, _) in TRUNK_PREFIXES {
            assert!(by_iso(iso).is_some(), "{iso}");
        }
        assert_eq!(by_iso("GB").unwrap().trunk_prefix(), "0");
        assert_eq!(by_iso("CA").unwrap().trunk_prefix(), "1");
        assert_eq!(by_iso("IT").unwrap().trunk_prefix(), "");
    }

    #[test]
    fn the_table_has_unique_iso_codes() {
        let mut iso: Vec<_> = COUNTRIES.iter().map(|(iso, _)| *iso).collect();
        iso.sort_unstable();
        iso.dedup();
        assert_eq!(iso.len(), COUNTRIES.len());
    }
}
