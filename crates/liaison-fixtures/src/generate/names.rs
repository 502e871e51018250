//! Names of people and places by country, and the countries of each region.

pub(super) struct Names {
    pub(super) family: &'static [&'static str],
    pub(super) female: &'static [&'static str],
    pub(super) male: &'static [&'static str],
}

pub(super) struct Country {
    pub(super) code: &'static str,
    pub(super) weight: f64,
    pub(super) cities: &'static [&'static str],
    pub(super) phone: &'static str,
    pub(super) names: &'static Names,
}

const EN: Names = Names {
    family: &[
        "Smith", "Jones", "Taylor", "Brown", "Wilson", "Campbell", "Murphy", "Walsh", "Evans",
        "Nguyen", "Tremblay",
    ],
    female: &[
        "Mary",
        "Margaret",
        "Patricia",
        "Jean",
        "Elizabeth",
        "Susan",
        "Irene",
        "Dorothy",
        "Anne",
    ],
    male: &[
        "John", "David", "Robert", "James", "William", "Peter", "Thomas",
    ],
};
const DE: Names = Names {
    family: &[
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
    ],
    female: &[
        "Ursula", "Helga", "Ingrid", "Renate", "Gisela", "Monika", "Erika",
    ],
    male: &["Hans", "Klaus", "Günter", "Werner", "Dieter", "Jürgen"],
};
const FR: Names = Names {
    family: &[
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    ],
    female: &[
        "Jeanne",
        "Monique",
        "Françoise",
        "Hélène",
        "Simone",
        "Josette",
    ],
    male: &["Jean", "Michel", "André", "Pierre", "René"],
};
const ES: Names = Names {
    family: &[
        "García",
        "Rodríguez",
        "González",
        "Fernández",
        "López",
        "Martínez",
        "Sánchez",
        "Pérez",
    ],
    female: &[
        "María", "Carmen", "Josefa", "Dolores", "Pilar", "Ana", "Lucía",
    ],
    male: &["José", "Antonio", "Manuel", "Francisco", "Juan"],
};
const PT: Names = Names {
    family: &[
        "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida",
    ],
    female: &[
        "Maria",
        "Ana",
        "Francisca",
        "Antônia",
        "Conceição",
        "Terezinha",
    ],
    male: &["José", "João", "Antônio", "Francisco", "Sebastião"],
};
const IT: Names = Names {
    family: &[
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
    ],
    female: &["Giuseppina", "Maria", "Anna", "Rosa", "Angela", "Lucia"],
    male: &["Giuseppe", "Giovanni", "Antonio", "Mario", "Luigi"],
};
const NORTH: Names = Names {
    family: &[
        "de Jong",
        "Jansen",
        "de Vries",
        "Andersson",
        "Johansson",
        "Nilsson",
        "Nowak",
        "Kowalczyk",
    ],
    female: &["Anna", "Maria", "Kristina", "Johanna", "Barbara", "Ingrid"],
    male: &["Jan", "Lars", "Piotr", "Karl", "Henk"],
};
const JA: Names = Names {
    family: &["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本"],
    female: &["花子", "恵子", "幸子", "和子", "洋子", "節子"],
    male: &["清", "茂", "博", "進", "隆"],
};
const ZH: Names = Names {
    family: &["王", "李", "张", "刘", "陈", "杨", "黄", "Tan", "Lim"],
    female: &["秀英", "桂英", "秀兰", "玉兰", "淑珍", "Mei Ling"],
    male: &["建国", "伟", "志强", "国华", "Wei Ming"],
};
const KO: Names = Names {
    family: &["김", "이", "박", "최", "정"],
    female: &["순자", "영자", "정숙", "영숙", "말순"],
    male: &["영수", "영호", "성호", "상철"],
};
const IN: Names = Names {
    family: &[
        "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer",
    ],
    female: &["Lakshmi", "Kamala", "Savitri", "Sunita", "Meena", "Parvati"],
    male: &["Ramesh", "Suresh", "Rajesh", "Mohan", "Krishna"],
};
const AR: Names = Names {
    family: &[
        "العلي",
        "الأحمد",
        "حسن",
        "عبدالله",
        "الحربي",
        "القحطاني",
        "منصور",
        "Haddad",
        "Khalil",
    ],
    female: &["فاطمة", "عائشة", "مريم", "خديجة", "زينب", "نورة", "Layla"],
    male: &["محمد", "أحمد", "علي", "عبدالله", "خالد", "Omar"],
};
const AF: Names = Names {
    family: &[
        "Okafor",
        "Mensah",
        "Dlamini",
        "Nkosi",
        "Kamau",
        "Otieno",
        "Adeyemi",
        "van der Merwe",
        "Botha",
    ],
    female: &[
        "Grace", "Amina", "Thandiwe", "Nomvula", "Esther", "Abena", "Wanjiru",
    ],
    male: &["Joseph", "Kwame", "Sipho", "Emmanuel", "Oluwaseun", "Kofi"],
};

macro_rules! country {
    ($code:literal, $w:literal, $phone:literal, $names:ident, [$($city:literal),+ $(,)?]) => {
        Country { code: $code, weight: $w, cities: &[$($city),+], phone: $phone, names: &$names }
    };
}

/// (weight, countries) for Europe, North America, Latin America, Asia-Pacific, Middle East, Africa.
pub(super) const REGIONS: &[(f64, &[Country])] = &[
    (
        40.0,
        &[
            country!(
                "GB",
                3.0,
                "+44",
                EN,
                [
                    "Glasgow",
                    "London",
                    "Manchester",
                    "Leeds",
                    "Cardiff",
                    "Belfast"
                ]
            ),
            country!(
                "DE",
                2.0,
                "+49",
                DE,
                ["Berlin", "München", "Hamburg", "Köln"]
            ),
            country!(
                "FR",
                2.0,
                "+33",
                FR,
                ["Paris", "Lyon", "Marseille", "Lille"]
            ),
            country!(
                "ES",
                2.0,
                "+34",
                ES,
                ["Madrid", "Barcelona", "Sevilla", "Valencia"]
            ),
            country!("IT", 2.0, "+39", IT, ["Roma", "Milano", "Napoli", "Torino"]),
            country!(
                "NL",
                1.0,
                "+31",
                NORTH,
                ["Amsterdam", "Rotterdam", "Utrecht"]
            ),
            country!("SE", 1.0, "+46", NORTH, ["Stockholm", "Göteborg", "Malmö"]),
            country!("PL", 1.0, "+48", NORTH, ["Warszawa", "Kraków", "Gdańsk"]),
            country!("IE", 1.0, "+353", EN, ["Dublin", "Cork", "Galway"]),
            country!("CH", 1.0, "+41", DE, ["Zürich", "Basel", "Bern"]),
        ],
    ),
    (
        12.0,
        &[
            country!(
                "US",
                4.0,
                "+1",
                EN,
                [
                    "Boston", "Chicago", "Houston", "Seattle", "Atlanta", "Denver"
                ]
            ),
            country!(
                "CA",
                2.0,
                "+1",
                EN,
                ["Toronto", "Vancouver", "Calgary", "Halifax"]
            ),
        ],
    ),
    (
        12.0,
        &[
            country!(
                "BR",
                3.0,
                "+55",
                PT,
                [
                    "São Paulo",
                    "Rio de Janeiro",
                    "Belo Horizonte",
                    "Porto Alegre"
                ]
            ),
            country!(
                "MX",
                2.0,
                "+52",
                ES,
                ["Ciudad de México", "Guadalajara", "Monterrey"]
            ),
            country!("AR", 1.0, "+54", ES, ["Buenos Aires", "Córdoba", "Rosario"]),
            country!("CL", 1.0, "+56", ES, ["Santiago", "Valparaíso"]),
            country!("CO", 1.0, "+57", ES, ["Bogotá", "Medellín", "Cali"]),
        ],
    ),
    (
        20.0,
        &[
            country!(
                "AU",
                2.0,
                "+61",
                EN,
                ["Sydney", "Melbourne", "Brisbane", "Perth"]
            ),
            country!(
                "NZ",
                1.0,
                "+64",
                EN,
                ["Auckland", "Wellington", "Christchurch"]
            ),
            country!(
                "JP",
                2.0,
                "+81",
                JA,
                ["Tokyo", "Osaka", "Nagoya", "Sapporo"]
            ),
            country!(
                "CN",
                2.0,
                "+86",
                ZH,
                ["Beijing", "Shanghai", "Guangzhou", "Chengdu"]
            ),
            country!("TW", 1.0, "+886", ZH, ["Taipei", "Kaohsiung"]),
            country!("KR", 1.0, "+82", KO, ["Seoul", "Busan"]),
            country!("SG", 1.0, "+65", ZH, ["Singapore"]),
            country!(
                "IN",
                2.0,
                "+91",
                IN,
                ["Mumbai", "Delhi", "Bengaluru", "Chennai"]
            ),
        ],
    ),
    (
        8.0,
        &[
            country!("SA", 2.0, "+966", AR, ["Riyadh", "Jeddah", "Dammam"]),
            country!("AE", 1.0, "+971", AR, ["Dubai", "Abu Dhabi"]),
            country!("EG", 1.0, "+20", AR, ["Cairo", "Alexandria"]),
            country!("JO", 1.0, "+962", AR, ["Amman"]),
            country!("LB", 1.0, "+961", AR, ["Beirut"]),
        ],
    ),
    (
        8.0,
        &[
            country!(
                "ZA",
                2.0,
                "+27",
                AF,
                ["Cape Town", "Johannesburg", "Durban"]
            ),
            country!("NG", 1.0, "+234", AF, ["Lagos", "Abuja", "Ibadan"]),
            country!("KE", 1.0, "+254", AF, ["Nairobi", "Mombasa"]),
            country!("GH", 1.0, "+233", AF, ["Accra", "Kumasi"]),
        ],
    ),
];

/// The country table entry for a code; FLSs from elsewhere get English names and no prefix.
pub(super) fn country(code: &str) -> &'static Country {
    const FALLBACK: Country = country!("ZZ", 1.0, "+0", EN, ["City"]);
    REGIONS
        .iter()
        .flat_map(|r| r.1.iter())
        .find(|c| c.code.eq_ignore_ascii_case(code))
        .unwrap_or(&FALLBACK)
}
