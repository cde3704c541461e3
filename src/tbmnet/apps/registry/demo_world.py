"""The demo world as data: states, customs offices at real ports, fictional companies and
facilities, and the demo accounts (``ROLE.CC``). Loaded by ``setup.load_demo``.

Competent authorities are the reference-data organisations
(``codes/data/competent_authorities.csv``) named here by their official code. Customs
administrations are the real ones; customs offices sit at real ports and carry the port's
UN/LOCODE as their code. Every company is fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SOURCE = "TBMnet demo world (fictional companies; real ports and administrations)"


@dataclass(frozen=True)
class Office:
    locode: str  # UN/LOCODE of the port or place
    name: str
    address: str


@dataclass(frozen=True)
class State:
    country: str
    authority_code: str  # code of the competent authority in the reference data
    customs_administration: str
    customs_address: str
    offices: tuple[Office, ...]


@dataclass(frozen=True)
class Company:
    key: str
    kind: str
    country: str
    name: str
    registration: str
    address: str
    contact_person: str
    email: str
    phone: str


@dataclass(frozen=True)
class DemoPermit:
    facility: str  # Company.key
    number: str
    operations: tuple[str, ...]
    waste_codes: tuple[str, ...]
    capacity_tonnes_per_year: int
    valid_from: date = date(2024, 1, 1)
    valid_until: date = date(2028, 12, 31)


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    organisation: str  # Company.key, "ca:CC", "customs:CC", "office:LOCODE" or a network key
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class Network:
    key: str
    kind: str
    country: str
    name: str
    abbreviation: str
    address: str
    members: tuple[str, ...] = field(default=())
    members_source: str = ""


STATES: tuple[State, ...] = (
    State("JP", "JP", "Japan Customs, Customs and Tariff Bureau, Ministry of Finance",
          "3-1-1 Kasumigaseki, Chiyoda-ku, Tokyo 100-8940, Japan", (
              Office("JPYOK", "Yokohama Customs, Honmoku Branch",
                     "Honmoku Wharf, Naka-ku, Yokohama, Kanagawa, Japan"),
              Office("JPUKB", "Kobe Customs, Port Island Branch",
                     "Port Island, Chuo-ku, Kobe, Hyogo, Japan"))),
    State("SG", "SG", "Singapore Customs",
          "55 Newton Road, Revenue House, Singapore 307987", (
              Office("SGSIN", "Singapore Customs, Pasir Panjang Terminal Checkpoint",
                     "Pasir Panjang Terminal, Singapore"),
              Office("SGJUR", "Singapore Customs, Jurong Port Checkpoint",
                     "Jurong Port Road, Singapore"))),
    State("MY", "MY", "Royal Malaysian Customs Department (Jabatan Kastam Diraja Malaysia)",
          "Kompleks Kementerian Kewangan, Presint 2, 62596 Putrajaya, Malaysia", (
              Office("MYPKG", "Kastam Pelabuhan Klang (Port Klang Customs)",
                     "Westport and Northport, 42000 Pelabuhan Klang, Selangor, Malaysia"),
              Office("MYTPP", "Kastam Pelabuhan Tanjung Pelepas",
                     "81560 Gelang Patah, Johor, Malaysia"),
              Office("MYPEN", "Kastam Pelabuhan Pulau Pinang (Penang Port Customs)",
                     "Butterworth, Pulau Pinang, Malaysia"))),
    State("CN", "CN", "General Administration of Customs of the People's Republic of China",
          "6 Jianguomennei Avenue, Dongcheng District, Beijing, China", (
              Office("CNSHA", "Shanghai Customs, Yangshan Port", "Yangshan Port, Shanghai, China"),
              Office("CNSZX", "Shenzhen Customs, Yantian Port",
                     "Yantian Port, Shenzhen, Guangdong, China"))),
    State("PH", "PH", "Bureau of Customs (Philippines)",
          "South Harbor, Port Area, Manila, Philippines", (
              Office("PHMNL", "Port of Manila, Bureau of Customs",
                     "South Harbor, Port Area, Manila, Philippines"),
              Office("PHSFS", "Port of Subic, Bureau of Customs",
                     "Subic Bay Freeport Zone, Zambales, Philippines"))),
    State("SN", "SN", "Direction générale des Douanes du Sénégal",
          "Rue Alpha Achamyou Tall, Dakar, Sénégal", (
              Office("SNDKR", "Bureau des douanes du Port autonome de Dakar",
                     "Port autonome de Dakar, Dakar, Sénégal"),)),
    State("CI", "CI", "Direction générale des Douanes de Côte d'Ivoire",
          "Plateau, Abidjan, Côte d'Ivoire", (
              Office("CIABJ", "Bureau des douanes du Port autonome d'Abidjan",
                     "Port autonome d'Abidjan, Treichville, Abidjan, Côte d'Ivoire"),
              Office("CISPY", "Bureau des douanes du Port de San-Pédro",
                     "Port de San-Pédro, San-Pédro, Côte d'Ivoire"))),
    State("NE", "NE", "Direction générale des Douanes du Niger", "Niamey, Niger", (
        Office("NENIM", "Bureau des douanes de Niamey-Route", "Niamey, Niger"),)),
    State("BE", "BE001", "Algemene Administratie van de Douane en Accijnzen",
          "Koning Albert II-laan 33, 1030 Brussel, Belgium", (
              Office("BEANR", "Douane Antwerpen (Port of Antwerp-Bruges)",
                     "Noorderlaan, 2030 Antwerpen, Belgium"),
              Office("BEZEE", "Douane Zeebrugge", "8380 Zeebrugge, Belgium"))),
    State("NL", "NL 001", "Douane Nederland (Belastingdienst/Douane)",
          "Laan op Zuid 45, 3072 DB Rotterdam, Netherlands", (
              Office("NLRTM", "Douane Rotterdam Haven", "Maasvlakte, Rotterdam, Netherlands"),
              Office("NLAMS", "Douane Amsterdam", "Westpoort, Amsterdam, Netherlands"))),
    State("AU", "AU", "Australian Border Force", "5 Constitution Avenue, Canberra ACT, Australia", (
        Office("AUBNE", "Australian Border Force, Port of Brisbane",
               "Fisherman Islands, Port of Brisbane QLD 4178, Australia"),
        Office("AUSYD", "Australian Border Force, Port Botany",
               "Port Botany NSW 2036, Australia"))),
    State("FJ", "FJ", "Fiji Revenue and Customs Service", "Suva, Fiji", (
        Office("FJSUV", "Customs Office, Port of Suva", "Kings Wharf, Suva, Fiji"),
        Office("FJLTK", "Customs Office, Port of Lautoka", "Lautoka Wharf, Lautoka, Fiji"))),
    State("US", "US", "U.S. Customs and Border Protection",
          "1300 Pennsylvania Avenue NW, Washington, DC 20229, United States", (
              Office("USLAX", "CBP Port of Los Angeles / Long Beach",
                     "San Pedro, Los Angeles, CA, United States"),
              Office("USSAV", "CBP Port of Savannah", "Garden City, GA, United States"))),
    State("TO", "TO", "Ministry of Revenue and Customs (Tonga)", "Nuku'alofa, Tonga", (
        Office("TONUK", "Customs Office, Queen Salote Wharf", "Nuku'alofa, Tonga"),)),
    State("DE", "DE 009", "Generalzolldirektion (German Customs)",
          "Am Propsthof 78a, 53121 Bonn, Germany", (
              Office("DEHAM", "Hauptzollamt Hamburg", "Hamburg, Germany"),)),
    # United Kingdom: the state of export of story 2's container, informed in story 3
    State("GB", "GB01", "HM Revenue & Customs", "100 Parliament Street, London SW1A 2BQ, "
          "United Kingdom", (
              Office("GBFXT", "HMRC, Port of Felixstowe", "Felixstowe, Suffolk, "
                     "United Kingdom"),)),
    State("MA", "MA", "Administration des Douanes et Impôts Indirects (Maroc)",
          "Avenue Annakhil, Hay Riad, Rabat, Maroc", (
              Office("MAPTM", "Bureau des douanes de Tanger Med", "Port de Tanger Med, Maroc"),
              Office("MACAS", "Bureau des douanes du Port de Casablanca",
                     "Port de Casablanca, Maroc"))),
)

COMPANIES: tuple[Company, ...] = (
    # Japan: the exporter of story 1 and its suppliers and shipping line
    Company("sagami", "notifier", "JP", "Sagami Lead Recovery Co., Ltd.", "0200-01-087214",
            "2-14-7 Shinsugita-cho, Isogo-ku, Yokohama, Kanagawa 235-0032, Japan",
            "Kenji Morimoto", "exports@sagami-lead.example.jp", "+81 45 771 0392"),
    Company("minato", "generator", "JP", "Minato Auto Dismantling K.K.", "1200-01-114582",
            "5-3-21 Nanko-kita, Suminoe-ku, Osaka 559-0034, Japan",
            "Aiko Tanabe", "yard@minato-dismantling.example.jp", "+81 6 6613 2281"),
    Company("hakuyo", "carrier", "JP", "Hakuyo Kaiun K.K. (Hakuyo Line)", "0104-01-093377",
            "1-9-4 Kaigan-dori, Naka-ku, Yokohama, Kanagawa 231-0002, Japan",
            "Daisuke Ishiguro", "ops@hakuyo-line.example.jp", "+81 45 212 4410"),
    # Singapore
    Company("straits", "carrier", "SG", "Straits Meridian Shipping Pte. Ltd.", "201418832K",
            "80 Pasir Panjang Road, #12-03, Singapore 117372",
            "Lim Wei Ling", "bookings@straitsmeridian.example.sg", "+65 6271 3308"),
    Company("tuas", "facility", "SG", "Tuas Circular E-Waste Pte. Ltd.", "201722451W",
            "21 Tuas South Avenue 6, Singapore 637025",
            "Rajesh Pillai", "compliance@tuascircular.example.sg", "+65 6863 1175"),
    # Malaysia: the smelter of story 1, a plastic recycler, a haulier and a plastic trader
    Company("klang", "facility", "MY", "Klang Valley Lead Smelting Sdn. Bhd.", "199801014523",
            "Lot 12, Jalan Perigi Nanas 6/1, Taman Perindustrian Pulau Indah, "
            "42920 Pelabuhan Klang, Selangor, Malaysia",
            "Tan Chee Keong", "receiving@kvlead.example.my", "+60 3 3101 4420"),
    Company("kembangan", "facility", "MY", "Seri Kembangan Polymer Recovery Sdn. Bhd.",
            "201501022871", "No. 8, Jalan Industri Mas 14, Taman Industri Mas, "
            "47100 Puchong, Selangor, Malaysia",
            "Nurul Aina Hassan", "plant@skpolymer.example.my", "+60 3 8068 1190"),
    Company("selat", "carrier", "MY", "Selat Melaka Haulage Sdn. Bhd.", "200301009812",
            "No. 3, Jalan Kem, 42000 Pelabuhan Klang, Selangor, Malaysia",
            "Muthu Krishnan", "dispatch@selatmelaka.example.my", "+60 3 3168 2203"),
    Company("sinarjaya", "consignee", "MY", "Sinar Jaya Plastik Trading", "202003118765",
            "No. 27, Jalan Haji Abdul Manan, 41050 Klang, Selangor, Malaysia",
            "Lee Kok Wah", "sinarjaya.trading@example.my", "+60 3 3342 8719"),
    # China and the Philippines
    Company("hengtai", "notifier", "CN", "Ningbo Hengtai Renewable Resources Co., Ltd.",
            "91330206MA2H3K7X1Q", "88 Xingye Road, Beilun District, Ningbo, Zhejiang, China",
            "Zhou Min", "trade@hengtai-renew.example.cn", "+86 574 8688 1023"),
    Company("batangas", "consignee", "PH", "Batangas Metals Recovery Corp.", "CS201612045",
            "Km 112 National Highway, Brgy. Bolbok, Batangas City 4200, Philippines",
            "Maria Cristina Ramos", "imports@batangasmetals.example.ph", "+63 43 702 5561"),
    # West Africa: story 4
    Company("sodaval", "notifier", "SN", "Société Dakaroise de Valorisation des Huiles (SODAVAL)",
            "SN-DKR-2011-B-4471", "Zone industrielle de Hann, BP 3127, Dakar, Sénégal",
            "Aminata Diallo", "export@sodaval.example.sn", "+221 33 832 45 10"),
    Company("vridi", "facility", "CI", "Vridi Régénération des Huiles Usagées SA",
            "CI-ABJ-2009-B-11842", "Zone industrielle de Vridi, rue des Pétroliers, "
            "15 BP 904, Abidjan 15, Côte d'Ivoire",
            "Koffi N'Guessan", "reception@vridi-rhu.example.ci", "+225 27 21 27 55 80"),
    Company("sahel", "generator", "NE", "Sahel Énergie Services SARL", "NE-NIM-2014-B-1931",
            "Quartier Industriel, BP 11320, Niamey, Niger",
            "Ibrahim Moussa", "hse@sahel-energie.example.ne", "+227 20 73 41 62"),
    # Europe
    Company("maasvlakte", "notifier", "NL", "Maasvlakte Tank Cleaning B.V.", "KvK 24381562",
            "Europaweg 910, 3199 LC Maasvlakte Rotterdam, Netherlands",
            "Pieter de Vries", "operations@mv-tankcleaning.example.nl", "+31 181 362 400"),
    Company("botlek", "facility", "NL", "Botlek Energy Recovery B.V.", "KvK 24412937",
            "Welplaatweg 120, 3197 KS Botlek Rotterdam, Netherlands",
            "Sanne Jansen", "acceptance@botlek-er.example.nl", "+31 10 472 8800"),
    Company("waalhaven", "carrier", "NL", "Waalhaven Container Lines B.V.", "KvK 24290013",
            "Waalhaven Oostzijde 1, 3087 BM Rotterdam, Netherlands",
            "Joris Bakker", "planning@waalhavenlines.example.nl", "+31 10 495 2100"),
    Company("scheldt", "facility", "BE", "Scheldt Thermal Treatment NV", "BE 0457.318.224",
            "Scheldelaan 410, 2040 Antwerpen, Belgium",
            "An Peeters", "acceptatie@scheldt-thermal.example.be", "+32 3 570 12 00"),
    Company("elbe", "consignee", "DE", "Elbe Metallrückgewinnung GmbH", "HRB 148227",
            "Dradenaustraße 20, 21129 Hamburg, Germany",
            "Katrin Hoffmann", "annahme@elbe-metall.example.de", "+49 40 740 3310"),
    # Pacific and the Americas
    Company("moreton", "facility", "AU", "Moreton Bay Battery Recovery Pty Ltd",
            "ABN 63 614 220 981",
            "44 Lytton Road, Hemmant QLD 4174, Australia",
            "Sarah O'Connell", "intake@mbbr.example.au", "+61 7 3390 4512"),
    Company("vitilevu", "notifier", "FJ", "Viti Levu Battery Collection Ltd.", "FJ-2016-C-3381",
            "Lot 7 Wainivesi Street, Walu Bay, Suva, Fiji",
            "Josefa Ratu", "office@vlbc.example.fj", "+679 331 2884"),
    Company("lakeshore", "notifier", "US", "Lakeshore Electronics Reclamation LLC",
            "EIN 38-4421907",
            "2150 W Jefferson Ave, Detroit, MI 48216, United States",
            "Dana Kowalski", "export@lakeshore-recl.example.com", "+1 313 555 0142"),
)

PERMITS: tuple[DemoPermit, ...] = (
    DemoPermit("klang", "JAS/ML/2024/0173", ("R4", "R13"), ("A1160", "Y31", "A1010"), 60000),
    DemoPermit("kembangan", "JAS/ML/2024/0412", ("R3",), ("Y48", "A3210", "B3011"), 18000),
    DemoPermit("tuas", "NEA/TWL/2024/0056", ("R4", "R5"),
               ("A1180", "A1181", "Y49", "A1170"), 24000),
    DemoPermit("scheldt", "OVAM/VERG/2023/11873", ("D10",),
               ("Y1", "Y3", "Y6", "Y18", "A4010", "A4040", "A3020"), 120000,
               valid_from=date(2023, 7, 1), valid_until=date(2033, 6, 30)),
    DemoPermit("botlek", "ILT/EVOA/2024/R-2291", ("R1", "R9"), ("Y8", "Y9", "A3020", "A4060"),
               85000),
    DemoPermit("moreton", "ERA-QLD-2024-BR-0318", ("R4",), ("A1160", "Y31", "A1170"), 30000),
    DemoPermit("vridi", "CIAPOL/HU/2024/027", ("R9",), ("Y8", "Y9", "A4060", "A3020"), 15000),
)

NETWORKS: tuple[Network, ...] = (
    Network("asian_network", "secretariat", "JP",
            "Asian Network for Prevention of Illegal Transboundary Movement of Hazardous Wastes",
            "Asian Network",
            "Secretariat hosted by the Ministry of the Environment, Tokyo, Japan",
            members=("JP", "SG", "MY", "CN", "PH"),
            members_source="demo world: members among the demo states"),
    Network("rilo_ap", "international_organisation", "KR",
            "WCO Regional Intelligence Liaison Office for Asia and the Pacific",
            "RILO A/P", "Regional Intelligence Liaison Office, Asia/Pacific"),
)

ACCOUNTS: tuple[Account, ...] = (
    Account("notifier.jp", "notifier", "sagami", "Kenji", "Morimoto"),
    Account("ca.jp", "competent_authority", "ca:JP", "Yuko", "Hasegawa"),
    Account("customs.jp", "customs", "office:JPYOK", "Takeshi", "Fujimoto"),
    Account("carrier.jp", "carrier", "hakuyo", "Daisuke", "Ishiguro"),
    Account("ca.sg", "competent_authority", "ca:SG", "Priya", "Raman"),
    Account("customs.sg", "customs", "office:SGSIN", "Ahmad", "Faizal"),
    Account("carrier.sg", "carrier", "straits", "Lim", "Wei Ling"),
    Account("facility.sg", "facility", "tuas", "Rajesh", "Pillai"),
    Account("ca.my", "competent_authority", "ca:MY", "Siti", "Rahmah"),
    Account("customs.my", "customs", "office:MYPKG", "Azlan", "Ismail"),
    Account("carrier.my", "carrier", "selat", "Muthu", "Krishnan"),
    Account("facility.my", "facility", "klang", "Tan", "Chee Keong"),
    Account("ca.cn", "competent_authority", "ca:CN", "Wang", "Li"),
    Account("notifier.cn", "notifier", "hengtai", "Zhou", "Min"),
    Account("ca.ph", "competent_authority", "ca:PH", "Jose", "Mendoza"),
    Account("customs.ph", "customs", "office:PHMNL", "Ana", "Villanueva"),
    Account("notifier.sn", "notifier", "sodaval", "Aminata", "Diallo"),
    Account("ca.sn", "competent_authority", "ca:SN", "Moussa", "Ndiaye"),
    Account("customs.sn", "customs", "office:SNDKR", "Fatou", "Sow"),
    Account("ca.ci", "competent_authority", "ca:CI", "Adjoua", "Kouassi"),
    Account("customs.ci", "customs", "office:CIABJ", "Yao", "Konan"),
    Account("facility.ci", "facility", "vridi", "Koffi", "N'Guessan"),
    Account("ca.ne", "competent_authority", "ca:NE", "Hadiza", "Abdou"),
    Account("ca.be", "competent_authority", "ca:BE", "Els", "Janssens"),
    Account("customs.be", "customs", "office:BEANR", "Tom", "Claes"),
    Account("facility.be", "facility", "scheldt", "An", "Peeters"),
    Account("notifier.nl", "notifier", "maasvlakte", "Pieter", "de Vries"),
    Account("ca.nl", "competent_authority", "ca:NL", "Marieke", "Visser"),
    Account("customs.nl", "customs", "office:NLRTM", "Bram", "Smit"),
    Account("carrier.nl", "carrier", "waalhaven", "Joris", "Bakker"),
    Account("facility.nl", "facility", "botlek", "Sanne", "Jansen"),
    Account("ca.au", "competent_authority", "ca:AU", "Michael", "Nguyen"),
    Account("customs.au", "customs", "office:AUBNE", "Chloe", "Walker"),
    Account("facility.au", "facility", "moreton", "Sarah", "O'Connell"),
    Account("notifier.fj", "notifier", "vitilevu", "Josefa", "Ratu"),
    Account("ca.fj", "competent_authority", "ca:FJ", "Litia", "Naivalu"),
    Account("customs.fj", "customs", "office:FJSUV", "Sakiusa", "Tuilau"),
    Account("ca.to", "competent_authority", "ca:TO", "Sione", "Fifita"),
    Account("notifier.us", "notifier", "lakeshore", "Dana", "Kowalski"),
    Account("ca.us", "competent_authority", "ca:US", "Robert", "Hayes"),
    Account("ca.de", "competent_authority", "ca:DE", "Jens", "Wagner"),
    Account("ca.ma", "competent_authority", "ca:MA", "Youssef", "El Amrani"),
    Account("ca.gb", "competent_authority", "ca:GB", "Olivia", "Hughes"),
    Account("secretariat", "secretariat", "asian_network", "Haruka", "Sato"),
    Account("intel", "intelligence", "rilo_ap", "Min-jun", "Park"),
)
