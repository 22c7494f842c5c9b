"""Regenerate the privacy guard's name lexicons (``leernetwerk/kernel/data/pii_*.txt``).

Sources (used here only; none of them is a runtime dependency of the plugin):

* Faker's person providers (MIT licence, https://github.com/joke2k/faker): first names and
  surnames of ``nl_NL`` and ``nl_BE``, plus ``tr_TR`` and ``pl_PL`` for the largest groups of
  residents whose names Dutch lists lack. Faker is installed with the dev extras (factory-boy
  needs it).
* ``MORE_FIRST_NAMES`` and ``MORE_SURNAMES`` below: Frisian names and names of residents of
  Surinamese, Antillean, Eritrean/Ethiopian, Somali, Polish, Romanian and Bulgarian origin
  (general knowledge, not any corpus).
* ``CLASSIC_SURNAMES`` below: common surnames of the southern Netherlands and of residents
  with a migration background that Faker's lists lack (general knowledge, not any corpus).
* ``WORLD_FIRST_NAMES`` below: first names of the larger groups of residents with a
  migration background (general knowledge), and first names of more Faker locales
  (``EXTRA_LOCALES``) that are no word of OpenTaal's list.
* ``CLASSIC_FIRST_NAMES`` below: Dutch first names of residents born 1930-1990, which Faker's
  lists (today's baby names) lack. Chosen from general knowledge, not from any corpus.
* OpenTaal's word list (BSD or CC BY 3.0; Debian package ``wdutch``,
  ``/usr/share/dict/dutch``), optional: a first name whose lowercase form is an ordinary Dutch
  word (roos, mark, bas, ben) is written to ``pii_first_names_words.txt``; the guard flags
  those only with strong context (a title, a relation word, a surname after them), and
  lowercased surnames that are also words go to ``pii_surnames_words.txt`` (a lowercase
  "mevrouw visser" counts only before a verb); its short lowercase words (2-8 letters, no name
  of the lexicons) go to ``pii_words.txt``: two capitalised words that are no such word are a
  name after a word for a person ("gesprek met Semhar Tesfay"), not an organisation ("met
  Veilig Thuis").

Run: ``.venv/bin/python scripts/generate_pii_names.py`` (after ``apt-get install wdutch`` for the
word marks). The output is sorted and deterministic; commit it with the Faker version it names.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import faker

OUT = Path(__file__).resolve().parent.parent / "leernetwerk" / "kernel" / "data"
LOCALES = ("nl_NL", "nl_BE", "tr_TR", "pl_PL", "ro_RO")
# More origins, first names only, and only names that are no word of OpenTaal's list in any
# spelling (so no place, country or Dutch word: "Jordan", "India", "Florence" stay out),
# with at least four letters.
EXTRA_LOCALES = (
    "en_US", "en_GB", "fr_FR", "es_ES", "pt_BR", "it_IT", "de_DE", "ro_RO", "en_NG", "yo_NG",
    "tw_GH", "en_KE", "sw", "en_PK", "en_IN", "id_ID", "fr_DZ",
)  # fmt: skip
WORDLIST = Path("/usr/share/dict/dutch")
# The lengths of the ordinary words written to ``pii_words.txt`` (longer words are rare in
# names; the guard treats every longer word that no lexicon lists as an ordinary word).
WORD_LENGTHS = (2, 8)

CLASSIC_FIRST_NAMES = """
Aad Adrie Adriaan Agnes Albert Alida Annie Annelies Anneke Annemarie Ans Arie Aart Astrid
Bart Ben Bep Bernard Bert Bertus Betty Bianca Carla Carin Cees Clara Coby Cor Corrie Cornelis
Dick Diny Dirk Dolf Door Dorien Douwe Ed Eddy Edwin Els Elly Erik Ester Evert Femke Fenna Frank
Frans Freek Frits Gea Geert Gerard Gerben Gerda Gerrit Gert Gijs Greet Greetje Guus Hans Harm
Harrie Hein Hendrik Henk Henny Herman Hester Hetty Hilde Hugo Huub Ingrid Ineke Jaap Jacob Jan
Janneke Jannie Jeanet Jeroen Joke Joop Joost Jos Joke Jolanda Karin Kees Klaas Kitty Koen Kees
Ria Leen Lenie Leo Liesbeth Loes Lies Marga Margriet Marijke Marieke Marja Marjan Marjolein
Marleen Martin Maarten Mieke Mien Monique Nel Nelleke Nico Niels Pieter Piet Petra Peter Pim
Riet Rinus Rob Roel Ronald Ruud Sandra Sjaak Sjoerd Stefan Thea Theo Toon Ton Truus Wil Willem
Wim Wouter Yvonne Zwaan
Abdel Abdelkader Ahmed Aicha Aziz Driss Fadoua Hamid Hassan Hicham Karim Khadija Latifa Malika
Mustafa Nadia Naima Rachid Said Samira Soufiane Yassine Youssef Zakaria Zineb Ayşe Emine Fatma
Hatice Mehmet Hüseyin Ibrahim Murat Ömer Zeynep Ricardo Roberto Shirley Jurgen Ramon Rudi Anil
Sunil Radjesh Priya Amrita Kiran Dewi Eka Putri Wayan Tesfay Yonas Semira Senait Robel Aster
""".split()

# First names of the larger groups of residents with a migration background that neither
# Faker's lists nor the classic Dutch names cover (Moroccan, Turkish, Surinamese, Antillean,
# Cape Verdean, Somali, Eritrean, Ethiopian, Syrian, Iraqi, Afghan, Iranian, Kurdish, Ghanaian,
# Nigerian, Ukrainian, Romanian, Bulgarian, Chinese, Vietnamese), in their usual Latin
# spelling. Chosen from general knowledge, not from any corpus.
WORLD_FIRST_NAMES = """
Abdi Abdiaziz Abdirahman Abdullahi Ahmed Amina Asha Ayaan Faduma Farhiya Hamza Hodan Hawa
Ifrah Ilhan Khadar Mahad Mohamed Mohamud Nasra Omar Sahra Warsame Yasmin Hibaq Deeqa Filsan
Idil Ubah Zamzam Ayan Bilan Fartun Maryan Shukri Sagal Hafsa Ismail Yusuf Abdullah
Aisha Aicha Asma Bilal Chaima Dounia Fatima Fatiha Hafida Hanane Houda Ilias Ilyas Imane
Jamal Kaoutar Khalid Lamya Loubna Mariam Meryem Mohammed Mouad Nabil Nawal Nora Omar Oussama
Rachida Redouan Safae Salma Sanae Souad Soufyan Tarik Wafae Yassir Younes Zakia Zouhair
Anouar Ayoub Badr Brahim Driss Hajar Hind Ikram Jamila Karima Laila Mina Naoual Rkia Siham
Esra Emre Elif Ebru Gül Gülsen Hakan Kemal Melek Merve Nurten Özlem Selin Serkan Sevgi Sibel
Songül Tuba Tülay Yasemin Yunus Zehra Büşra Cem Deniz Derya Dilek Fadime Gökhan Halil Kübra
Arzu Aysel Baran Berfin Dilan Eylem Ferhat Hasan Kader Nurcan Rojda Şeyma Sevda Umut Volkan
Dewanand Ganesh Ashwin Rakesh Sharda Sita Shanti Soenita Anita Ravi Radj Prem Nandini Vishal
Carlos Gilberto Marisol Rudsel Shurandy Jurensley Gregory Glenn Quincy Jerrel Germaine Milton
Ruthmila Shanaira Sherida Xiomara Yolanda Edsel Raymond Jandino Djamila Nelson Euclides Adilson
Tesfaye Tekle Mehari Filmon Haben Helen Saba Selam Yohannes Biniam Dawit Samuel Meron Ruta
Abeba Almaz Eden Feven Genet Hiwet Kidane Letay Luwam Mebrahtu Mussie Negasi Sara Tsega Yemane
Ahmad Ali Amal Amer Anas Bashar Fadi Ghada Hadi Hala Hiba Hussein Iman Jawad Khaled Lina
Mahmoud Majd Maher Mazen Nour Noor Rami Rana Rasha Reem Saeed Samer Sami Tarek Wael Yara
Zainab Zeinab Abdulrahman Hamid Hassan Aziz Farid Habib Jawid Karim Mahmud Masood Mohammad
Mustafa Nasrin Parisa Reza Shirin Sima Soraya Wahid Zahra Zarifa Arezo Farzana Hamida Mina
Kwame Kwaku Kofi Kojo Yaw Akosua Abena Ama Efua Adwoa Akua Yaa Nana Chidi Chinedu Emeka Ngozi
Oluwaseun Tunde Adebayo Folake Funmilayo Blessing Precious Joy Esther Grace Emmanuel
Olena Oksana Iryna Natalia Tetiana Yulia Svitlana Andriy Oleksandr Mykola Dmytro Serhiy Vasyl
Ionela Mihaela Andreea Elena Ioana Ionut Florin Mihai Bogdan Cristina Gheorghe Vasile Stefan
Ivan Georgi Dimitar Nikolay Petar Yordanka Milena Desislava Tsvetelina Radka Stoyan Hristo
Wei Li Ming Jie Jun Hui Xiaoming Xiaoli Yan Ying Lan Chen Hong Minh Thanh Huong Lan Hoa Tuan
Nguyen Linh Trang Quynh
""".split()

# Frisian first names, and first names of residents of Surinamese (Hindustani, Creole,
# Javanese), Antillean, Eritrean/Ethiopian, Somali, Polish, Romanian and Bulgarian origin that
# the lists above lack. Chosen from general knowledge, not from any corpus.
MORE_FIRST_NAMES = """
Tjitske Sjoukje Hylke Wiebe Jelle Sietse Tjeerd Auke Baukje Geeske Hiltje Jouke Lolkje Minke
Rintje Sytske Tsjalling Wietske Ymkje Bauke Durk Fokke Gerlof Hessel Jildou Marrit Nynke Oane
Rixt Sipke Tjalling Wytze Doutzen Froukje Gatske Janke Jitske Klaske Lieuwe Meindert Obbe
Reinder Sjouke Uilke Wopke Aukje Dieuwke Eelke Feikje Geertje Harmke Jikke Tsjitske Anneke
Hiske Jetske Rinske Sjoerdtje Trijntje Wiepkje Yke Aafke Akke Baukje Bonne Djoke Eeltsje
Fedde Gerbrich Haije Hendrikje Jisk Jorrit Kimke Lammert Marten Renske Roelof Siebe Sjirk
Rajesh Sunita Anjali Dinesh Mahesh Sanjay Rekha Sushila Kamla Radjinder Ramesh Soeresh Navin
Kishan Roshni Vinod Praveen Chandrika Devika Kavita Mukesh Nirmala Pooja Sandjay Satish
Shailesh Sharmila Soenil Usha Vidya Vikash Wiedjai Anand Ashok Bhagwan Deepak Geeta Hemant
Indira Jaswant Kamal Lakshmi Manoj Meena Naresh Nitin Parmeshwar Radha Rajendra Rakhi
Ramdew Rupa Sangeeta Sarita Savitri Shiela Sunil Surinder Sushma Varsha Vijay Yogesh Radjen
Soerinder Rishi Shivani Sheetal Priyanka Nisha Rohit Amit Arvind Kriesna Dewkoemarie
Delano Rignald Shurwin Roderick Gerwin Sherwin Iwan Orlando Rudy Jairzinho Errol Clyde
Winston Hensley Shaquille Jahdiel Sheritsa Ruthsela Shanaya Sharella Ginella Gwendolyn
Marjorie Urvin Rignaldo Dwight Shurman Jurmen Giovanni Ruthmila Reginald Ricardo Gilmar
Sharon Shirley Jermaine Jeffrey Rodney Shurenska Shudayra Chanella Rochelle Sherida Jeroen
Suzanne Dayenne Kenrick Curtley Roy Ivanildo Hilbert Humphrey Ludwig Rinaldo Edwin Glenda
Semhar Sennait Rahwa Winta Yordanos Freweyni Hiwot Kibrom Mulugeta Natnael Tekeste Tesfalem
Tsegay Weldu Awet Berhane Efrem Ermias Goitom Habtom Merhawi Teklay Tewelde Abrehet Adiam
Aklilu Amanuel Bereket Feruz Hagos Mihret Netsanet Rutha Saron Segen Selamawit Senayt
Yirgalem Zewdi Ghidey Tsegai Abel Nahom Dawit Henok Kaleab Lidya Mahlet Meseret Tigist
Yared Yeshi Bethlehem Almaz Girmay Hadush Kahsay Kiflom Medhanie Russom Solomon Simret
Abdikarim Abdinasir Abdiwali Abshir Ayanle Bashir Faisal Guled Hamse Hanad Liban Mahamed
Najma Qamar Ruqiya Samira Sucaad Ugbaad Yasin Zakariye Cawo Caasha Xaawo Khadra Muna Naima
Piotr Krzysztof Tomasz Paweł Michał Marcin Grzegorz Łukasz Wojciech Andrzej Dariusz Zbigniew
Agnieszka Katarzyna Małgorzata Joanna Magdalena Ewa Beata Dorota Justyna Aleksandra Zofia
Ionel Marius Adrian Costel Dorin Liviu Nicoleta Luminita Daniela Gabriela Roxana Simona
Georgeta Florentina Alina Raluca Ana Maria Iliana Stoyanka Tsvetan Krasimir Plamen Svetlana
Rumen Valentin Yordan Ivaylo Kaloyan Boyan Neli Rositsa Mariya Silviya Todor Vesela Zhivko
""".split()

# Surnames of residents of Frisian, Surinamese (Hindustani, Creole, Javanese), Antillean,
# Eritrean/Ethiopian, Somali, Polish, Romanian and Bulgarian origin that the lists lack.
# Chosen from general knowledge, not from any corpus.
MORE_SURNAMES = """
Hoekstra Zijlstra Bergsma Wijnstra Tjeerdsma Sikkema Hofstra Kuipers Brouwer Sijtsma Boersma
Jelsma Hiemstra Wierda Kooistra Bosgra Dijkman Haarsma Koopmans Meijer Rienstra Tuinstra
Faber Feenstra Haitsma Nauta Osinga Plantinga Reitsma Sinnema Stienstra Terpstra Veenstra
Wiegersma Yntema Zwart Abma Anema Atsma Bakker Bouma Dijkema Gaastra Hettinga Hoogeveen
Ramkisoen Sital Jagernath Bhagwandin Mangroe Ramlal Soekhai Chotkan Rambaran Ramcharan
Raghoebar Matai Ramnath Gangaram Jhinkoe Autar Kanhai Bisoen Sardjoe Hanoeman Lachman Mohan
Persaud Ramdhani Ramdas Girjasing Kalka Moenesar Ramsoedh Sewdien Sewtahal Ramsahai
Ramkhelawan Jadnanansing Baldew Gobardhan Kartoidjojo Sastrodikromo Redjopawiro Wongsonadi
Wijngaarde Sedney Kross Amatsaleh Bendt Doelwijt Fränkel Gemerts Gravenbeek Karsters Linger
Nelom Plet Sno Tjong Vanenburg Wix Zaandam Dors Eersteling Doran Gario Clemencia Coffie Felida
Janga Koeiman Leito Lourens Marchena Mercelina Pauletta Rojer Sambo Tromp Winklaar Ignacio
Gijsbertha Juliana Zimmerman Brandao Cordilia Daal Elhage Kook Lopes Oduber Pourier Thode
Tesfay Gebremariam Gebremichael Gebreyesus Haile Berhe Kahsay Ghebreab Tewolde Woldemariam
Mehari Asmelash Abraha Weldeab Habte Kiflom Ghebremedhin Andemariam Negash Yohannes
Teklehaimanot Hagos Alem Tsegai Bahta Fessehaye Mengistu Bekele Tadesse Girma Alemu Wolde
Desta Getachew Kebede Tesfaye Assefa Ayele Mekonnen Abebe Tilahun Gebru Tekeste Okbay
Mohamed Hassan Hussein Abdi Ahmed Omar Farah Jama Yusuf Nur Aden Ibrahim Hersi Samatar Egal
Dirie Guled Ismail Duale Elmi Hirsi Mire Shire Isse Warsame Mohamud Abdullahi Osman
Kowalczyk Wójcik Kowalewski Mazur Krawczyk Piotrowski Grabowski Pawłowski Michalski Król
Wieczorek Jabłoński Wróbel Majewski Olszewski Jaworski Malinowski Stępień Górski Rutkowski
Witkowski Walczak Sikora Baran Szewczyk Ostrowski Tomaszewski Pietrzak Zalewski Wróblewski
Popescu Ionescu Popa Dumitru Stoica Stan Gheorghe Rusu Munteanu Matei Constantin Serban
Moldovan Lungu Ciobanu Florea Dinu Ivanov Petrov Georgiev Dimitrov Nikolov Stoyanov Todorov
Hristov Angelov Iliev Kolev Marinov Yordanov Popov Atanasov Petkov
""".split()

# Common surnames of the southern Netherlands and of residents with a migration background
# that Faker's lists lack (without tussenvoegsel). Chosen from general knowledge.
CLASSIC_SURNAMES = """
Smulders Schellekens Swinkels Biemans Coolen Pijnenburg Habraken Heesterbeek Rovers Raaijmakers
Raaymakers Brugmans Leijten Manders Bekkers Hendrikx Lieshout Rijkers Donkers Aarts Claassen
Bogaerts Kuijpers Rooij Hout Erp Gils Bakel Boxtel Kempen Hoof Gerven Ham Sluijs Eijk Oers
Vugt Kuppens Moonen Mutsaers Verhoeven Verbeek Vermeer Hermans Timmermans Schepens Kerkhofs
Panken Weijers Beerens Dirkx Wijnen Cuijpers Spierings Goossens Kusters Geurts Thijssen
Dijkstra Hoekstra Postma Veenstra Wiersma Bosma Kingma Terpstra Jongsma Visser Bouwman
Bouzid Ouali Amrani Idrissi Boukhari Benali Bakkali Chaouch Haddou Ouazzani Tahiri Zaoui
Yilmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Koç Kurt
Kowalski Nowak Wiśniewski Lewandowski Kamiński Zieliński Mohamud Warsame Abdullahi Osman
Haile Tesfamariam Gebremedhin Tekle Kidane Mebrahtu Ghebremichael Rahimi Ahmadi Hosseini
Karimi Mohammadi Nguyen Tran Pham Chen Wang Zhang Liu Huang Ramdin Ramsaran Jagessar
Sewnarain Baldewsingh Ramautar Mahabier Soekhoe Doekhie Kalloe Pinas Biswane Emanuels
Martina Girigorie Maduro Rosaria Isenia Cijntje Statia Pietersz
""".split()

NAME_RE = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")
PARTICLE_RE = re.compile(
    r"^(?:(?:van|de|der|den|het|'t|ter|ten|te|op|in|la|le|du|da|di|el|al|von)\s+)+", re.IGNORECASE
)


def provider(locale: str):
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def names_of(values) -> set[str]:
    return {str(v).strip() for v in values}


def first_names(all_words: set[str]) -> set[str]:
    names = set(CLASSIC_FIRST_NAMES) | set(WORLD_FIRST_NAMES) | set(MORE_FIRST_NAMES)
    for locale in LOCALES:
        names |= names_of(provider(locale).first_names)
    if all_words:
        for locale in EXTRA_LOCALES:
            names |= {
                n
                for n in names_of(provider(locale).first_names)
                if len(n) >= 4 and n[0].isupper() and n.lower() not in all_words
            }
    return {n for n in names if NAME_RE.match(n) and len(n) >= 2}


def surnames() -> set[str]:
    names = set(CLASSIC_SURNAMES) | set(MORE_SURNAMES)
    for locale in LOCALES:
        person = provider(locale)
        # pl_PL keeps its surnames in gendered lists ("last_names" is a placeholder).
        values = [
            *person.last_names,
            *getattr(person, "male_last_names", ()),
            *getattr(person, "unisex_last_names", ()),
        ]
        for raw in names_of(values):
            if "," in raw:  # "West-Francië, van": a historical sort form
                continue
            core = PARTICLE_RE.sub("", raw)
            # Only the last word of a compound ("Wouters van Eijndhoven" -> both parts).
            for part in re.split(r"\s+(?:van|de|der|den)?\s*", core):
                if NAME_RE.match(part) and len(part) >= 2 and part[0].isupper():
                    names.add(part)
    return names


def ordinary_words() -> tuple[set[str], set[str]]:
    """OpenTaal's lowercase words, and all its entries lowercased (places, names included)."""
    if not WORDLIST.exists():
        print(f"{WORDLIST} not found: no names are marked as ordinary words.", file=sys.stderr)
        return set(), set()
    words = WORDLIST.read_text(encoding="utf-8").split()
    return {w for w in words if w.islower()}, {w.lower() for w in words}


HEADER = """\
# {title}
# Generated by scripts/generate_pii_names.py; do not edit by hand.
# Sources: Faker {faker_version} person providers {locales} (MIT licence,
# Copyright (c) 2012 Daniele Faraglia, https://github.com/joke2k/faker){extra}.
# One name per line; lines starting with "#" are comments.
"""


def write(name: str, title: str, values: set[str], extra: str = "") -> None:
    locales = ", ".join(LOCALES) + " (first names also: " + ", ".join(EXTRA_LOCALES) + ")"
    header = HEADER.format(title=title, faker_version=faker.VERSION, locales=locales, extra=extra)
    body = "\n".join(sorted(values, key=lambda v: (v.casefold(), v)))
    (OUT / name).write_text(header + body + "\n", encoding="utf-8")
    print(f"{name}: {len(values)} names")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    words, all_words = ordinary_words()
    firsts = first_names(all_words)
    also_words = {n for n in firsts if n.lower() in words}
    classic = "; classic Dutch and migrant first names listed in the script"
    write("pii_first_names.txt", "First names for the privacy guard.", firsts, classic)
    write(
        "pii_first_names_words.txt",
        "First names that are also ordinary Dutch words (OpenTaal word list, BSD/CC BY 3.0).",
        also_words,
        "; marked with OpenTaal's word list (https://github.com/OpenTaal)",
    )
    lasts = surnames()
    write("pii_surnames.txt", "Surnames (without tussenvoegsel) for the privacy guard.", lasts)
    names = {n.lower() for n in firsts | lasts}
    write(
        "pii_words.txt",
        f"Short ordinary Dutch words (OpenTaal word list, BSD/CC BY 3.0): lowercase, letters only, "
        f"{WORD_LENGTHS[0]}-{WORD_LENGTHS[1]} letters, no name of the lexicons.",
        {w for w in words if WORD_LENGTHS[0] <= len(w) <= WORD_LENGTHS[1] and w.isalpha()} - names,
        "; OpenTaal's word list (https://github.com/OpenTaal)",
    )
    write(
        "pii_surnames_words.txt",
        "Surnames that are also ordinary Dutch words, lowercased (OpenTaal word list).",
        {n.lower() for n in lasts if n.lower() in words},
        "; marked with OpenTaal's word list (https://github.com/OpenTaal)",
    )


if __name__ == "__main__":
    main()
