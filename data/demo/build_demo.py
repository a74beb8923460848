"""Build the fictional demo catalogue data/demo/services.csv from the gazetteer.

Every organisation, address, phone number, e-mail address and website in the output is
invented (phone numbers use the 555 subscriber prefix, domains end in .example.org).
Only the place names, postcodes (PC4) and place coordinates are real; they come from
../gazetteer (GeoNames, CC-BY 4.0).

Run:  .venv/bin/python data/demo/build_demo.py
Deterministic (random.Random(2026)), so two runs give identical bytes. Standard library only, except
the column list, which is the import format's (socialmap/catalogue/fields.py): a new field is a new
column here without a second list to keep in step.
"""

from __future__ import annotations

import csv
import math
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from socialmap.catalogue.fields import IMPORT_COLUMNS  # noqa: E402

HERE = Path(__file__).resolve().parent
PLACES_CSV = HERE.parent / "gazetteer" / "places.csv"
POSTCODES_CSV = HERE.parent / "gazetteer" / "postcodes.csv"
OUT_CSV = HERE / "services.csv"

COLUMNS = list(IMPORT_COLUMNS)

BO, BR, SWF, MG = "Borger-Odoorn", "Bronckhorst", "Súdwest-Fryslân", "Midden-Groningen"
DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
WEEKDAYS = DAYS[:5]

# ---------------------------------------------------------------------------------------------
# Service types. Texts: {p} = place in Dutch/English text, {pf} = place in Frisian text.
# Frisian is written from short hand-checked sentences (see GLOSSARY.md), never word by word.
# ---------------------------------------------------------------------------------------------
T = {}


def stype(key, kind, tier, themes, audiences, alt, cost, sched, email, name, name_fy, nl, fy, en):
    T[key] = dict(kind=kind, tier=tier, themes=themes, audiences=audiences, alt=alt, cost=cost,
                  sched=sched, email=email, name=name, name_fy=name_fy, nl=nl, fy=fy, en=en)  # fmt: skip


# --- in the village hall -------------------------------------------------------------------
stype(
    "dorpskamer",
    "village_room",
    3,
    ["meeting", "loneliness", "informal_care"],
    ["everyone", "older_people"],
    [],
    "free",
    "village_mornings",
    "dorpskamer",
    "Dorpskamer {p}",
    "Doarpskeamer {pf}",
    [
        "De dorpskamer in {p} is een vaste plek om elkaar te ontmoeten. U kunt binnenlopen voor "
        "koffie, een praatje of een vraag over zorg en welzijn. Een vrijwilliger helpt u verder of "
        "brengt u in contact met het {team}.",
        "In de dorpskamer van {p} staat de koffie klaar. Hebt u een vraag over hulp in het dorp? "
        "De vrijwilligers luisteren en zoeken samen met u wie u verder kan helpen.",
    ],
    [
        "De doarpskeamer yn {pf} is in fêst plak om inoar te moetsjen. Jo kinne binnenrinne foar in bakje "
        "kofje, in praatsje of in fraach oer soarch en wolwêzen. In frijwilliger helpt jo fierder of bringt jo "
        "yn kontakt mei it {team_fy}.",
        "Yn 'e doarpskeamer fan {pf} stiet de kofje klear. Hawwe jo in fraach oer help yn it doarp? De "
        "frijwilligers harkje en sykje mei jo wa't jo fierder helpe kin.",
    ],
    "The village room in {p} is a place to meet others. Drop in for coffee, a chat or a "
    "question about care and support; a volunteer will help you find the right person.",
)
stype(
    "koffieochtend",
    "village_room",
    3,
    ["meeting", "loneliness"],
    ["everyone", "older_people", "newcomers"],
    [],
    "contribution",
    "one_morning",
    "info",
    "Koffieochtend {p}",
    "Kofjemoarn {pf}",
    [
        "Elke week is er een gezellige koffieochtend in het dorpshuis. Iedereen is welkom, ook als "
        "u nieuw bent in {p}. Koffie en thee kosten een kleine bijdrage."
    ],
    [
        "Elke wike is der in gesellige kofjemoarn yn it doarpshûs. Elkenien is wolkom, ek as jo nij binne yn "
        "{pf}. Kofje en tee kostje in lytse bydrage.",
    ],
    "A weekly coffee morning in the village hall of {p}. Everyone is welcome, also if you are new in the village.",
)
stype(
    "eetpunt",
    "village_room",
    4,
    ["meals", "meeting", "loneliness"],
    ["older_people", "everyone"],
    [],
    "contribution",
    "meal",
    "eten",
    "Eetpunt {p}",
    "Tegearre ite {pf}",
    [
        "Samen eten in {p}: een warme maaltijd met dorpsgenoten voor een kleine bijdrage. "
        "Aanmelden kan tot een dag van tevoren.",
        "Bij het eetpunt in {p} kookt een groep vrijwilligers een verse maaltijd. U eet samen aan "
        "tafel met anderen uit het dorp. Meld u vooraf aan.",
    ],
    [
        "Tegearre ite yn {pf}: in waarm miel mei doarpsgenoaten foar in lytse bydrage. Jo kinne jo oant in dei "
        "fan tefoaren opjaan.",
        "Yn {pf} kookt in groep frijwilligers in farsk miel. Jo ite tegearre oan tafel mei oaren út it doarp. "
        "Jou jo fan tefoaren op.",
    ],
    "Eat together in {p}: a hot meal with other villagers for a small contribution. Please sign up a day in advance.",
)
stype(
    "dagactiviteiten",
    "village_room",
    4,
    ["daytime_activities", "meeting", "loneliness"],
    ["older_people", "people_with_disabilities"],
    ["group_day_care"],
    "contribution",
    "daytime",
    "dagactiviteiten",
    "Dagactiviteiten voor iedereen {p}",
    "Deiaktiviteiten {pf}",
    [
        "Open dagactiviteiten in het dorpshuis van {p}: samen koken, spelletjes, handwerken en een "
        "korte wandeling. U hebt geen indicatie nodig. Vrijwilligers en een begeleider zijn er.",
        "Wilt u overdag niet alleen thuis zitten? In het dorpshuis van {p} doet u mee met koken, "
        "tuinieren of een spel. Vervoer kan geregeld worden.",
    ],
    [
        "Iepen deiaktiviteiten yn it doarpshûs fan {pf}: tegearre koken, spultsjes, hânwurk en in koart "
        "kuierke. Jo hawwe gjin yndikaasje nedich. Der binne frijwilligers en in begelieder.",
        "Wolle jo oerdei net allinne thús sitte? Yn it doarpshûs fan {pf} dogge jo mei oan koken, túnkjen of in"
        " spultsje. Ferfier kin regele wurde.",
    ],
    "Day activities open to everyone in the village hall of {p}: cooking, games, crafts and a "
    "short walk. No referral is needed.",
)
stype(
    "kindermiddag",
    "village_room",
    3,
    ["parenting", "meeting", "daytime_activities"],
    ["children", "parents"],
    [],
    "free",
    "wed_afternoon",
    "info",
    "Kindermiddag {p}",
    "Bernemiddei {pf}",
    [
        "Spelletjes, knutselen en buiten spelen voor kinderen uit {p}. Ouders kunnen ondertussen "
        "een kop koffie drinken en andere ouders ontmoeten."
    ],
    [
        "Spultsjes, knutseljen en bûten boartsjen foar bern út {pf}. Âlden kinne ûnderwilens in bakje kofje "
        "drinke en oare âlden moetsje.",
    ],
    "Games, crafts and outdoor play for children in {p}, while parents meet over coffee.",
)
stype(
    "ouderkamer",
    "village_room",
    3,
    ["parenting", "meeting"],
    ["parents", "children", "newcomers"],
    ["youth_care_outpatient"],
    "free",
    "school_morning",
    "ouderkamer",
    "Ouderkamer {p}",
    "Âlderkeamer {pf}",
    [
        "In de ouderkamer ontmoeten ouders elkaar na het brengen van de kinderen. U deelt "
        "ervaringen over opvoeden. Soms schuift een jeugdverpleegkundige aan."
    ],
    [
        "Yn 'e âlderkeamer moetsje âlden inoar nei it bringen fan de bern. Jo diele ûnderfinings oer it "
        "grutbringen. Soms sit der in jeugdferpleechkundige by.",
    ],
    "In the parents' room parents meet after the school run and share experiences about raising children.",
)
stype(
    "digi_local",
    "village_room",
    3,
    ["digital_skills", "administration"],
    ["older_people", "adults"],
    [],
    "free",
    "one_slot",
    "digi",
    "Digi-inloop {p}",
    "Digi-ynrin {pf}",
    [
        "Vragen over uw smartphone, tablet of laptop? In het dorpshuis van {p} helpen vrijwilligers "
        "u met DigiD, e-mail, videobellen en internetbankieren. Neem uw eigen apparaat mee."
    ],
    [
        "Fragen oer jo smartphone, tablet of laptop? Yn it doarpshûs fan {pf} helpe frijwilligers jo mei DigiD,"
        " e-mail, fideobeljen en ynternetbankieren. Nim jo eigen apparaat mei.",
    ],
    "Questions about your smartphone, tablet or laptop? Volunteers in {p} help with DigiD, "
    "e-mail, video calls and online banking.",
)
stype(
    "gezondheid",
    "general_service",
    3,
    ["health", "meeting"],
    ["older_people", "adults"],
    [],
    "free",
    "one_morning",
    "spreekuur",
    "Gezondheidsspreekuur {p}",
    "Sûnensspreekoere {pf}",
    [
        "Eens per maand is er een gezondheidsspreekuur in het dorpshuis van {p}. U kunt uw "
        "bloeddruk laten meten en vragen stellen over gezond leven."
    ],
    [
        "Ien kear yn 'e moanne is der in sûnensspreekoere yn it doarpshûs fan {pf}. Jo kinne jo bloeddruk "
        "mjitte litte en fragen stelle oer sûn libjen.",
    ],
    "A monthly health drop-in in the village hall of {p}: have your blood pressure checked and "
    "ask questions about healthy living.",
)
stype(
    "reparatiecafe",
    "volunteer_group",
    2,
    ["household", "meeting"],
    ["everyone"],
    [],
    "contribution",
    "saturday",
    "repareren",
    "Reparatiecafé {p}",
    "Reparaasjekafee {pf}",
    [
        "Is er iets kapot? Neem het mee naar het reparatiecafé in {p}. Vrijwilligers repareren "
        "samen met u kleding, fietsen en apparaten. Dat is beter dan weggooien."
    ],
    [
        "Is der wat stikken? Nim it mei nei it reparaasjekafee yn {pf}. Frijwilligers meitsje tegearre mei jo "
        "klean, fytsen en apparaten. Dat is better as fuortsmite.",
    ],
    "Something broken? Bring it to the repair café in {p}; volunteers fix clothes, bikes and "
    "appliances together with you.",
)
stype(
    "beweegclub",
    "volunteer_group",
    2,
    ["health", "meeting", "loneliness"],
    ["older_people"],
    [],
    "contribution",
    "exercise",
    "bewegen",
    "Beweegclub 55+ {p}",
    "Bewege foar âlderein {pf}",
    [
        "Samen bewegen onder leiding van een vrijwilliger: stoelgym, wandelen of fietsen. Goed voor "
        "uw gezondheid en gezellig. Meedoen kost een kleine bijdrage per keer."
    ],
    [
        "Tegearre bewege ûnder lieding fan in frijwilliger: stoelgym, kuierjen of fytsen. Goed foar jo sûnens "
        "en gesellich. Meidwaan kostet in lytse bydrage per kear.",
    ],
    "Exercise together with a volunteer leader: chair exercises, walking or cycling.",
)

# --- volunteer help -----------------------------------------------------------------------
stype(
    "vervoer",
    "volunteer_group",
    4,
    ["transport", "health", "loneliness"],
    ["older_people", "people_with_disabilities"],
    ["transport_individual"],
    "contribution",
    "booking_line",
    "vervoer",
    "Vrijwillige vervoersdienst {p}",
    "Frijwillich ferfier {pf}",
    [
        "Vrijwillige chauffeurs rijden u met hun eigen auto naar de huisarts, het ziekenhuis of op "
        "familiebezoek. U betaalt een kleine vergoeding per kilometer. Bel minstens twee dagen van "
        "tevoren.",
        "Kunt u zelf niet rijden en is de bus te ver weg? Een chauffeur uit de buurt haalt u thuis "
        "op en brengt u weer terug. U betaalt alleen een kilometervergoeding.",
    ],
    [
        "Frijwillige sjauffeurs bringe jo mei harren eigen auto nei de húsdokter, it sikehûs of op "
        "famyljebesite. Jo betelje in lytse fergoeding per kilometer. Belje op syn minst twa dagen fan "
        "tefoaren.",
        "Kinne jo sels net ride en is de bus te fier fuort? In sjauffeur út de buert hellet jo thús op en "
        "bringt jo wer werom. Jo betelje allinnich in kilometerfergoeding.",
    ],
    "Volunteer drivers take you in their own car to the GP, the hospital or to visit family. "
    "You pay a small fee per kilometre; call at least two days ahead.",
)
stype(
    "boodschappen",
    "volunteer_group",
    2,
    ["household", "transport"],
    ["older_people", "people_with_disabilities"],
    ["household_help"],
    "free",
    "booking_or_empty",
    "boodschappen",
    "Boodschappenhulp {p}",
    "Boadskippenhelp {pf}",
    [
        "Een vrijwilliger doet samen met u of voor u de boodschappen. Handig als u tijdelijk niet "
        "zelf naar de winkel kunt, bijvoorbeeld na een operatie."
    ],
    [
        "In frijwilliger docht tegearre mei jo of foar jo de boadskippen. Handich as jo efkes net sels nei de "
        "winkel kinne, bygelyks nei in operaasje.",
    ],
    "A volunteer does the shopping with you or for you, for example after an operation.",
)
stype(
    "klussen",
    "volunteer_group",
    2,
    ["household", "housing"],
    ["older_people", "people_with_disabilities"],
    ["household_help"],
    "contribution",
    "booking_or_empty",
    "klussen",
    "Klussendienst {p}",
    "Lytse karweien {pf}",
    [
        "Vrijwilligers helpen met kleine klussen in en om het huis, zoals een lamp ophangen, een "
        "kraan vervangen of de heg knippen. U betaalt alleen de materialen."
    ],
    [
        "Frijwilligers helpe mei lytse karweien yn en om it hûs, lykas in lampe ophingje, in kraan ferfange of "
        "de hage knippe. Jo betelje allinnich de materialen.",
    ],
    "Volunteers help with small jobs in and around the house; you only pay for materials.",
)
stype(
    "burenhulp",
    "volunteer_group",
    2,
    ["household", "loneliness", "informal_care"],
    ["everyone", "older_people"],
    ["household_help"],
    "free",
    "phone_weekday",
    "hulp",
    "Burenhulp {p}",
    "Buorlju helpe inoar {pf}",
    [
        "Dorpsgenoten helpen elkaar met kleine dingen, zoals een boodschap, een ritje of de hond "
        "uitlaten. Bel het hulpnummer en wij zoeken iemand uit de buurt.",
        "Even hulp nodig? Via de burenhulp vindt u iemand uit het dorp die een handje helpt, "
        "bijvoorbeeld met de tuin, de vuilnisbak of een boodschap als u ziek bent.",
    ],
    [
        "Buorlju helpe inoar mei lytse dingen, lykas in boadskip, in ritsje of de hûn útlitte. Belje it "
        "helpnûmer en wy sykje ien út de buert.",
        "Efkes help nedich? Fia de buorrehelp fine jo ien út it doarp dy't in hântsje helpt, bygelyks mei de "
        "tún, de jiskebak of in boadskip as jo siik binne.",
    ],
    "Neighbours help each other with small things such as shopping, a lift or walking the dog. "
    "Call the help line and we find someone nearby.",
)
stype(
    "maatjes",
    "volunteer_group",
    2,
    ["loneliness", "meeting"],
    ["older_people", "adults", "newcomers"],
    ["individual_support"],
    "free",
    "",
    "maatje",
    "Maatje tegen eenzaamheid {p}",
    "Besite tsjin iensumens {pf}",
    [
        "Voelt u zich weleens eenzaam? Wij koppelen u aan een vrijwillig maatje dat regelmatig "
        "langskomt voor een wandeling, een kop koffie of een praatje."
    ],
    [
        "Fiele jo jo wolris iensum? Wy keppelje jo oan in frijwilliger dy't geregeld by jo "
        "delkomt foar in kuierke, in bakje kofje of in praatsje."
    ],
    "Feeling lonely? We match you with a volunteer buddy who visits regularly for a walk, coffee or a chat.",
)
stype(
    "respijt",
    "volunteer_group",
    2,
    ["informal_care"],
    ["carers"],
    ["respite_care"],
    "free",
    "",
    "mantelzorg",
    "Respijthulp voor mantelzorgers {p}",
    "Rêst foar mantelsoargers {pf}",
    [
        "Een vrijwilliger neemt een paar uur per week de zorg van u over. Zo hebt u als "
        "mantelzorger even tijd voor uzelf, voor boodschappen of een afspraak."
    ],
    [
        "In frijwilliger nimt in pear oeren yn 'e wike de soarch fan jo oer. Sa hawwe jo as mantelsoarger efkes"
        " tiid foar josels, foar boadskippen of in ôfspraak.",
    ],
    "A volunteer takes over the care for a few hours a week, so that you as a carer have some time for yourself.",
)
stype(
    "buurtpreventie",
    "volunteer_group",
    2,
    ["safety"],
    ["everyone"],
    [],
    "free",
    "",
    "info",
    "Buurtpreventie {p}",
    "Buertwacht {pf}",
    [
        "Bewoners lopen samen rondes door het dorp en letten op onveilige situaties. Ze melden "
        "kapotte lantaarns en verdachte zaken. Nieuwe leden zijn welkom."
    ],
    [
        "Bewenners rinne tegearre rûntsjes troch it doarp en jouwe omtinken oan ûnfeilige situaasjes. Se melde "
        "stikkene strjitlampen en fertochte saken. Nije leden binne wolkom.",
    ],
    "Residents walk rounds through the village and look out for unsafe situations. New members are welcome.",
)
stype(
    "thuisadmin",
    "volunteer_group",
    2,
    ["administration", "debts"],
    ["adults", "older_people"],
    ["debt_counselling", "individual_support"],
    "free",
    "booking_or_empty",
    "administratie",
    "Thuisadministratie {p}",
    "Thúsadministraasje {pf}",
    [
        "Een getrainde vrijwilliger komt bij u thuis en helpt u de post en de rekeningen op orde "
        "te krijgen. Zo voorkomt u achterstanden. De hulp is gratis en vertrouwelijk.",
        "Loopt de post u boven het hoofd? Een vrijwilliger ordent samen met u de papieren en maakt "
        "een overzicht van inkomsten en uitgaven. U leert het daarna zelf te doen.",
    ],
    [
        "In frijwilliger komt by jo thús en helpt jo om de post en de rekkens op oarder te krijen. Sa foarkomme"
        " jo efterstannen. De help is fergees en fertroulik.",
        "Wurdt de post jo tefolle? In frijwilliger set mei jo de papieren op oarder en makket in oersjoch fan "
        "ynkomsten en útjeften. Dêrnei leare jo it sels te dwaan.",
    ],
    "A trained volunteer visits you at home and helps you sort out your post and bills, so "
    "that arrears do not build up. Free and confidential.",
)

# --- general and collective provisions ----------------------------------------------------
stype(
    "mantelzorgsteunpunt",
    "general_service",
    3,
    ["informal_care", "health"],
    ["carers"],
    ["respite_care"],
    "free",
    "office",
    "mantelzorg",
    "Steunpunt Mantelzorg",
    "Stipepunt mantelsoarch",
    [
        "Het steunpunt mantelzorg geeft informatie, advies en een luisterend oor aan mensen die "
        "zorgen voor een naaste. U kunt ook meedoen aan bijeenkomsten met andere mantelzorgers."
    ],
    [
        "It stipepunt mantelsoarch jout ynformaasje, advys en in harkjend ear oan minsken dy't soargje foar in "
        "partner, âlder, bern of freon. Jo kinne ek meidwaan oan gearkomsten mei oare mantelsoargers.",
    ],
    "The carers' support point gives information, advice and a listening ear to people who "
    "care for a loved one, and organises meetings with other carers.",
)
stype(
    "geheugencafe",
    "general_service",
    3,
    ["informal_care", "health", "meeting"],
    ["carers", "older_people"],
    [],
    "free",
    "one_afternoon",
    "info",
    "Geheugencafé {p}",
    "Ûnthâldkafee {pf}",
    [
        "Een ontmoetingsplek voor mensen met geheugenproblemen en hun mantelzorgers. Met "
        "informatie, een gesprek en een kop koffie."
    ],
    [
        "In moetingsplak foar minsken mei ûnthâldproblemen en harren mantelsoargers. Mei "
        "ynformaasje, petear en in bakje kofje."
    ],
    "A meeting place for people with memory problems and their carers, with information, conversation and coffee.",
)
stype(
    "rouwgroep",
    "general_service",
    3,
    ["loneliness", "health"],
    ["adults", "older_people"],
    [],
    "free",
    "evening",
    "info",
    "Rouwgroep Verder Samen {p}",
    "Rougroep {pf}",
    [
        "Een groep voor mensen die een dierbare hebben verloren. In een kleine groep praat u over "
        "verlies en hoe u verder gaat. Er zijn zes avonden."
    ],
    [
        "In groep foar minsken dy't ien ferlern hawwe dy't harren nei stie. Yn in lytse groep prate jo oer "
        "ferlies en hoe't jo fierder gean. Der binne seis jûnen.",
    ],
    "A group for people who have lost a loved one: six evenings in a small group about loss and moving on.",
)
stype(
    "sociaalteam",
    "general_service",
    3,
    ["informal_care", "health", "work", "administration"],
    ["everyone"],
    ["individual_support"],
    "free",
    "walkin",
    "inloop",
    "Inloopspreekuur {team} {p}",
    "Ynrinspreekoere {team_fy} {pf}",
    [
        "Inloopspreekuur van het {team} in {p}. Voor alle vragen over zorg, welzijn, werk en "
        "inkomen. U hoeft geen afspraak te maken.",
        "Hebt u een vraag over zorg, geld, werk of opvoeden en weet u niet waar u moet beginnen? "
        "Loop binnen bij het {team} in {p}. Samen kijken we wat u zelf kunt en wie kan "
        "helpen.",
    ],
    [
        "Ynrinspreekoere fan it {team_fy} yn {pf}. Foar alle fragen oer soarch, wolwêzen, wurk en ynkommen. Jo "
        "hoege gjin ôfspraak te meitsjen.",
        "Hawwe jo in fraach oer soarch, jild, wurk of it grutbringen fan bern en witte jo net wêr't jo begjinne"
        " moatte? Rin binnen by it {team_fy} yn {pf}. Tegearre sjogge wy wat jo sels kinne en wa't helpe kin.",
    ],
    "Drop-in hours of the {team_en} in {p} for any question about care, wellbeing, work or "
    "income. No appointment needed.",
)
stype(
    "ouderenadviseur",
    "general_service",
    3,
    ["housing", "loneliness", "health"],
    ["older_people"],
    ["individual_support"],
    "free",
    "",
    "ouderenadvies",
    "Ouderenadviseur {p}",
    "Adviseur foar âlderein {pf}",
    [
        "De ouderenadviseur komt bij u thuis voor een gesprek over wonen, zorg, geld en contacten. "
        "Samen zoeken we wat u nodig hebt."
    ],
    [
        "De adviseur foar âlderein komt by jo thús foar in petear oer wenjen, soarch, jild en "
        "kontakten. Tegearre sjogge wy wat jo nedich hawwe."
    ],
    "The adviser for older people visits you at home to talk about housing, care, money and social contacts.",
)
stype(
    "opvoedsteunpunt",
    "general_service",
    3,
    ["parenting"],
    ["parents", "children", "youth"],
    ["youth_care_outpatient"],
    "free",
    "school_morning",
    "opvoeden",
    "Opvoedsteunpunt {p}",
    "Opfiedingsstipepunt {pf}",
    [
        "Hebt u een vraag over opvoeden of opgroeien? Loop binnen bij het opvoedsteunpunt voor een "
        "gesprek met een pedagoog. Er is ook een wachtruimte waar kinderen kunnen spelen."
    ],
    [
        "Hawwe jo in fraach oer it grutbringen of it opgroeien fan jo bern? Rin binnen by it "
        "opfiedingsstipepunt foar in petear mei in pedagooch. Der is ek in wachtkeamer dêr't bern boartsje "
        "kinne.",
    ],
    "Questions about raising children? Drop in at the parenting support point for a talk with a pedagogue.",
)
stype(
    "schuldinloop",
    "general_service",
    3,
    ["debts", "administration"],
    ["adults"],
    ["debt_counselling"],
    "free",
    "one_afternoon",
    "geldvragen",
    "Inloop geld en schulden {p}",
    "Ynrinspreekoere jild en skulden {pf}",
    [
        "Elke week is er een inloopspreekuur in {p} voor vragen over geld, rekeningen en schulden. "
        "Neem uw post mee. U hoeft geen afspraak te maken.",
        "Zorgen over geld? Bij de inloop in {p} kijkt een schuldhulpverlener samen met u naar uw "
        "situatie. Hoe eerder u komt, hoe makkelijker een oplossing is.",
    ],
    [
        "Elke wike is der in ynrinspreekoere yn {pf} foar fragen oer jild, rekkens en skulden. Nim jo post mei."
        " Jo hoege gjin ôfspraak te meitsjen.",
        "Soargen oer jild? By de ynrin yn {pf} sjocht in skuldhulpferliener mei jo nei jo situaasje. Hoe earder"
        " jo komme, hoe makliker in oplossing is.",
    ],
    "A weekly drop-in in {p} for questions about money, bills and debts. Bring your post; no appointment needed.",
)
stype(
    "formulieren",
    "general_service",
    3,
    ["administration", "digital_skills"],
    ["everyone", "newcomers", "older_people"],
    ["individual_support"],
    "free",
    "one_afternoon",
    "formulieren",
    "Formulierenhulp {p}",
    "Help by formulieren {pf}",
    [
        "Vrijwilligers helpen bij het invullen van formulieren, bijvoorbeeld voor toeslagen, de "
        "gemeente of de belastingaangifte. Neem uw DigiD-gegevens mee."
    ],
    [
        "Frijwilligers helpe jo by it ynfoljen fan formulieren, bygelyks foar taslaggen, de gemeente of de "
        "belestingoanjefte. Nim jo DigiD-gegevens mei.",
    ],
    "Volunteers help you fill in forms, for example for benefits, the municipality or your tax return.",
)
stype(
    "jongereninloop",
    "general_service",
    3,
    ["meeting", "daytime_activities"],
    ["youth"],
    ["youth_care_outpatient"],
    "free",
    "youth",
    "jongeren",
    "Jongereninloop {p}",
    "Jongereinynrin {pf}",
    [
        "Jongerenwerkers zijn er voor jongeren van 12 tot 23 jaar. Kom langs om te chillen, te "
        "gamen of om over je vragen te praten."
    ],
    [
        "De jongereinwurkers binne der foar jongerein fan 12 oant 23 jier. Kom del om te chillen, te gamen of "
        "om oer dyn fragen te praten.",
    ],
    "Youth workers are there for young people aged 12 to 23: come by to hang out, play games "
    "or talk about your questions.",
)
stype(
    "huiswerk",
    "volunteer_group",
    2,
    ["language", "parenting"],
    ["children", "youth"],
    [],
    "free",
    "homework",
    "huiswerk",
    "Huiswerkbegeleiding {p}",
    "Húswurkbegelieding {pf}",
    [
        "Vrijwilligers helpen kinderen en jongeren met hun huiswerk, in een rustige ruimte. Ook "
        "voor kinderen die thuis weinig Nederlands spreken."
    ],
    [
        "Frijwilligers helpe bern en jongerein by harren húswurk, yn in rêstich plak. Ek foar bern dy't thús "
        "net folle Nederlânsk prate.",
    ],
    "Volunteers help children and teenagers with their homework in a quiet room.",
)
stype(
    "taalcafe",
    "general_service",
    3,
    ["language", "meeting"],
    ["newcomers", "adults"],
    [],
    "free",
    "one_slot",
    "taal",
    "Taalcafé {p}",
    "Taalkafee {pf}",
    [
        "In het taalcafé oefent u Nederlands in een gewoon gesprek met vrijwilligers en andere "
        "deelnemers. Alle niveaus zijn welkom."
    ],
    [
        "Yn it taalkafee oefenje jo Nederlânsk yn in gewoan petear mei frijwilligers en oare dielnimmers. Alle "
        "nivo's binne wolkom.",
    ],
    "Practise Dutch in an ordinary conversation with volunteers and other learners. All levels are welcome.",
)
stype(
    "digicafe",
    "general_service",
    3,
    ["digital_skills", "administration"],
    ["older_people", "adults"],
    [],
    "free",
    "one_slot",
    "digi",
    "Digitaal spreekuur {p}",
    "Digitaal spreekoere {pf}",
    [
        "Vragen over uw smartphone, tablet of computer? Vrijwilligers helpen u met DigiD, e-mail, "
        "apps en veilig internetten."
    ],
    [
        "Fragen oer jo smartphone, tablet of kompjûter? Frijwilligers helpe jo mei DigiD, e-mail, apps en "
        "feilich ynternetten.",
    ],
    "Questions about your smartphone, tablet or computer? Volunteers help with DigiD, e-mail, "
    "apps and staying safe online.",
)
stype(
    "buurtbemiddeling",
    "general_service",
    3,
    ["safety", "housing"],
    ["everyone"],
    [],
    "free",
    "",
    "bemiddeling",
    "Buurtbemiddeling",
    "Buertbemiddeling",
    [
        "Last van de buren? Twee getrainde vrijwilligers helpen u en uw buren om samen weer in "
        "gesprek te gaan. Buurtbemiddeling is gratis."
    ],
    [
        "Problemen mei de buorlju? Twa frijwilligers helpe jo en jo buorlju om wer mei-inoar yn petear te gean."
        " Buertbemiddeling is fergees.",
    ],
    "Trouble with the neighbours? Two trained volunteers help you and your neighbours to talk again. Free of charge.",
)
stype(
    "babbeltruc",
    "general_service",
    3,
    ["safety"],
    ["older_people"],
    [],
    "free",
    "",
    "veilig",
    "Voorlichting babbeltrucs en oplichting",
    "Ynformaasje oer bedroch",
    [
        "Voorlichting in dorpshuizen over babbeltrucs en oplichting aan de deur en via de "
        "telefoon. Met tips om uzelf te beschermen. Een groep kan een bijeenkomst aanvragen."
    ],
    [
        "Ynformaasje yn doarpshuzen oer bedroch oan 'e doar en fia de telefoan. Mei tips om josels te "
        "beskermjen. In groep kin in gearkomste oanfreegje.",
    ],
    "Information sessions about doorstep and phone scams, with tips to protect yourself.",
)
stype(
    "woonadvies",
    "general_service",
    3,
    ["housing", "health"],
    ["older_people"],
    ["individual_support"],
    "free",
    "",
    "wonen",
    "Woonadvies langer thuis {p}",
    "Wenadvys {pf}",
    [
        "Wilt u langer zelfstandig thuis blijven wonen? Een woonconsulent kijkt met u naar kleine "
        "aanpassingen en hulpmiddelen, zoals een extra trapleuning."
    ],
    [
        "Wolle jo langer selsstannich thús wenje? In wenkonsulint sjocht mei jo nei lytse oanpassingen en "
        "helpmiddels, lykas in ekstra leuning by de trep.",
    ],
    "Want to keep living independently at home? A housing adviser looks at small adaptations and aids with you.",
)
stype(
    "valpreventie",
    "general_service",
    4,
    ["health", "safety"],
    ["older_people"],
    [],
    "contribution",
    "exercise",
    "bewegen",
    "Cursus Sterk Staan {p}",
    "Stevich op 'e fuotten {pf}",
    [
        "Cursus van tien lessen met oefeningen en tips om vallen te voorkomen. U kunt ook uw "
        "woning gratis laten controleren op valgevaar."
    ],
    [
        "Kursus fan tsien lessen mei oefeningen en tips om fallen foar te kommen. Jo kinne jo hûs ek fergees "
        "neisjen litte op plakken dêr't jo falle kinne.",
    ],
    "A ten-week course with exercises and tips to prevent falls; your home can be checked for risks free of charge.",
)
stype(
    "energiecoach",
    "volunteer_group",
    2,
    ["housing", "debts"],
    ["everyone"],
    [],
    "free",
    "",
    "energie",
    "Energiecoach aan huis",
    "Enerzjycoach",
    [
        "Een energiecoach komt gratis bij u thuis en geeft tips om energie te besparen. Soms krijgt "
        "u ook kleine hulpmiddelen, zoals tochtstrips. Zo houdt u meer geld over."
    ],
    [
        "In enerzjycoach komt fergees by jo thús en jout tips om enerzjy te besparjen. Soms krije jo ek lytse "
        "helpmiddels, lykas tochtstrips. Sa hâlde jo mear jild oer.",
    ],
    "A volunteer energy coach visits your home for free with tips to save energy and money.",
)
stype(
    "vacaturebank",
    "general_service",
    2,
    ["work", "meeting"],
    ["adults", "youth"],
    [],
    "free",
    "two_slots",
    "vrijwilligerswerk",
    "Vrijwilligersvacaturebank",
    "Frijwilligerswurk fine",
    [
        "Zoekt u vrijwilligerswerk? De vacaturebank helpt u een klus te vinden die bij u past. "
        "Organisaties kunnen hier ook vrijwilligers zoeken."
    ],
    [
        "Sykje jo frijwilligerswurk? De fakatuerebank helpt jo om wurk te finen dat by jo past. Organisaasjes "
        "kinne hjir ek frijwilligers sykje.",
    ],
    "Looking for volunteer work? The volunteer vacancy bank helps you find a task that suits you.",
)
stype(
    "werkcoaching",
    "general_service",
    3,
    ["work"],
    ["adults", "people_with_disabilities"],
    ["individual_support"],
    "free",
    "",
    "werk",
    "Werkcoaching {p}",
    "Wurkcoaching {pf}",
    [
        "Een werkcoach helpt u op weg naar werk, een opleiding of vrijwilligerswerk. Samen maakt u "
        "een plan dat bij u past."
    ],
    [
        "In wurkcoach helpt jo op wei nei wurk, in oplieding of frijwilligerswurk. Tegearre meitsje jo in plan "
        "dat by jo past.",
    ],
    "A work coach helps you towards a job, training or volunteer work, with a plan you make together.",
)
stype(
    "dorpsbus",
    "general_service",
    4,
    ["transport"],
    ["everyone", "older_people"],
    ["transport_individual"],
    "contribution",
    "bus",
    "dorpsbus",
    "Dorpsbus {p} e.o.",
    "Doarpsbus {pf} e.o.",
    [
        "De dorpsbus rijdt op werkdagen tussen de dorpen rond {p}. De chauffeurs zijn "
        "vrijwilligers. Reserveer uw rit een dag van tevoren; de rolstoel kan mee."
    ],
    [
        "De doarpsbus rydt op wurkdagen tusken de doarpen om {pf} hinne. De sjauffeurs binne frijwilligers. "
        "Reservearje jo rit in dei fan tefoaren. De rolstoel kin mei.",
    ],
    "The village bus runs on weekdays between the villages around {p}, driven by volunteers. "
    "Book your ride a day ahead.",
)
stype(
    "dagtochten",
    "volunteer_group",
    4,
    ["daytime_activities", "transport", "loneliness"],
    ["older_people", "people_with_disabilities"],
    ["group_day_care"],
    "contribution",
    "",
    "uitjes",
    "Dagtochten voor ouderen",
    "Útstapkes foar âlderein",
    [
        "Vrijwilligers organiseren uitstapjes voor ouderen die niet makkelijk zelf op pad gaan. "
        "Het vervoer wordt geregeld, ook met rolstoel."
    ],
    [
        "Frijwilligers organisearje útstapkes foar âlderein dy't net maklik sels fuort kinne. It ferfier wurdt "
        "regele, ek mei in rolstoel.",
    ],
    "Volunteers organise day trips for older people who cannot easily go out on their own; transport is arranged.",
)
stype(
    "voedsel",
    "general_service",
    4,
    ["debts", "meals"],
    ["everyone", "parents"],
    [],
    "free",
    "food",
    "voedselhulp",
    "Uitgiftepunt voedselhulp {p}",
    "Útjeftepunt itensbank {pf}",
    [
        "Uitgiftepunt voor voedselpakketten in {p}. Na aanmelding via het {team} haalt u "
        "hier eens per week een pakket op. Vrijwilligers helpen u ook verder met geldvragen."
    ],
    [
        "Útjeftepunt fan de itensbank yn {pf}. Nei oanmelding fia it {team_fy} kinne jo hjir ien kear yn 'e "
        "wike in itenspakket ophelje. Frijwilligers helpe jo ek fierder mei fragen oer jild.",
    ],
    "Food parcel distribution point in {p}. After registration through the {team_en} you collect a parcel once a week.",
)
stype(
    "maaltijdservice",
    "general_service",
    4,
    ["meals", "household"],
    ["older_people", "people_with_disabilities"],
    ["household_help"],
    "paid",
    "meal_delivery",
    "maaltijden",
    "Maaltijdservice aan huis",
    "Miel oan hûs",
    [
        "Vrijwilligers brengen een warme maaltijd bij u thuis. Voor mensen die zelf niet (meer) "
        "goed kunnen koken. U kiest uit drie menu's en betaalt per maaltijd."
    ],
    [
        "Frijwilligers bringe in waarm miel by jo thús. Foar minsken dy't sels net mear goed koke kinne. Jo "
        "kieze út trije menu's en betelje per miel.",
    ],
    "Volunteers deliver a hot meal to your home, for people who can no longer cook well themselves.",
)


# --- tier 1: self-help information and tools -----------------------------------------------
# How many Frisian texts a type had when Frisian was drawn apart from Dutch (see Builder.add).
FORMER_FY_VARIANTS = {"dorpskamer": 2}


def selfhelp(key, themes, audiences, email, name, name_fy, nl, fy, en):
    stype(key, "general_service", 1, themes, audiences, [], "free", "", email, name, name_fy, [nl], [fy], en)


selfhelp(
    "t1_mantelzorgtest",
    ["informal_care"],
    ["carers"],
    "mantelzorg",
    "Mantelzorgtest online",
    "Mantelsoarchtest online",
    "Met deze korte online test ziet u of u als mantelzorger te zwaar belast bent. U krijgt "
    "tips en leest waar u steun kunt vinden.",
    "Mei dizze koarte online test sjogge jo oft jo as mantelsoarger tefolle op jo nimme. Jo krije tips en lêze "
    "wêr't jo stipe fine kinne.",
    "A short online test that shows whether caring for someone is becoming too much, with "
    "tips and places to find support.",
)
selfhelp(
    "t1_geldcheck",
    ["debts", "administration"],
    ["adults"],
    "geldvragen",
    "Online geldcheck",
    "Jildkontrôle online",
    "Doe online de geldcheck en zie in tien minuten hoe u ervoor staat. U krijgt tips en "
    "adressen voor hulp bij geldzorgen.",
    "Doch online de jildkontrôle en sjoch yn tsien minuten hoe't jo derfoar steane. Jo krije "
    "tips en adressen foar help by jildsoargen.",
    "Take the online money check and see in ten minutes where you stand, with tips and "
    "addresses for help with money worries.",
)
selfhelp(
    "t1_eenzaamheid",
    ["loneliness", "meeting"],
    ["everyone"],
    "info",
    "Informatiepagina: mensen ontmoeten in uw dorp",
    "Ynformaasjeside: minsken moetsje",
    "Informatiepagina met ideeën om nieuwe mensen te leren kennen in uw dorp. Met een "
    "overzicht van activiteiten bij u in de buurt.",
    "Ynformaasjeside mei ideeën om nije minsken te moetsjen yn jo doarp, en in oersjoch fan aktiviteiten by jo "
    "yn 'e buert.",
    "Information page with ideas for meeting new people in your village and a list of activities nearby.",
)
selfhelp(
    "t1_langerthuis",
    ["housing", "health"],
    ["older_people"],
    "wonen",
    "Checklist langer thuis wonen",
    "List: langer thús wenje",
    "Informatiepagina met tips en een checklist om uw huis veilig en prettig te houden als u ouder wordt.",
    "Ynformaasjeside mei tips en in list om jo hûs feilich en noflik te hâlden as jo âlder wurde.",
    "Information page with tips and a checklist to keep your home safe and comfortable as you grow older.",
)
selfhelp(
    "t1_valtest",
    ["health", "safety"],
    ["older_people"],
    "info",
    "Valrisicotest online",
    "Falrisikotest online",
    "Online test: hoe groot is uw kans om te vallen? Met oefeningen die u thuis kunt doen.",
    "Online test: hoe grut is de kâns dat jo falle? Mei oefeningen dy't jo thús dwaan kinne.",
    "Online test of your risk of falling, with exercises you can do at home.",
)
selfhelp(
    "t1_opvoedtips",
    ["parenting"],
    ["parents"],
    "opvoeden",
    "Opvoedtips online",
    "Tips foar it grutbringen fan bern",
    "Informatiepagina met betrouwbare tips over opvoeden, slapen, eten en schermtijd.",
    "Ynformaasjeside mei betroubere tips oer it grutbringen fan bern: sliepen, iten en skermtiid.",
    "Information page with reliable tips on parenting, sleep, food and screen time.",
)
selfhelp(
    "t1_reiswijzer",
    ["transport"],
    ["everyone", "older_people"],
    "vervoer",
    "Reiswijzer: vervoer in de gemeente",
    "Oersjoch fan ferfier",
    "Overzicht van alle vervoersmogelijkheden in de gemeente: dorpsbus, vrijwillige "
    "vervoersdiensten en openbaar vervoer. Met telefoonnummers en prijzen.",
    "Oersjoch fan alle mooglikheden foar ferfier yn de gemeente: doarpsbus, frijwillich ferfier en iepenbier "
    "ferfier. Mei telefoannûmers en prizen.",
    "Overview of all transport options in the municipality, with phone numbers and prices.",
)
selfhelp(
    "t1_oefentaal",
    ["language"],
    ["newcomers", "adults"],
    "taal",
    "Oefenprogramma Nederlands online",
    "Nederlânsk oefenje online",
    "Gratis oefenprogramma om thuis Nederlands te leren lezen en schrijven. In het taalcafé krijgt u uitleg.",
    "Fergees oefenprogramma om thús Nederlânsk lêzen en skriuwen te learen. Yn it taalkafee krije jo útlis.",
    "Free online programme to practise reading and writing Dutch at home.",
)
selfhelp(
    "t1_administratie",
    ["administration", "debts"],
    ["adults"],
    "administratie",
    "Checklist: papieren bewaren",
    "List: papieren bewarje",
    "Welke papieren moet u bewaren en hoe lang? Met deze checklist houdt u uw administratie zelf op orde.",
    "Hokker papieren moatte jo bewarje en hoe lang? Mei dizze list hâlde jo jo administraasje sels op oarder.",
    "Which papers should you keep, and for how long? A checklist to keep your own paperwork in order.",
)
selfhelp(
    "t1_digivideos",
    ["digital_skills"],
    ["older_people", "adults"],
    "digi",
    "Uitlegvideo's DigiD en internetbankieren",
    "Filmkes oer DigiD en ynternetbankieren",
    "Korte uitlegvideo's over DigiD, internetbankieren en veilig mailen. U kijkt ze thuis, in uw eigen tempo.",
    "Koarte filmkes mei útlis oer DigiD, ynternetbankieren en feilich mailen. Jo sjogge se thús, yn jo eigen tempo.",
    "Short explainer videos on DigiD, online banking and safe e-mail to watch at home.",
)
selfhelp(
    "t1_oplichting",
    ["safety", "digital_skills"],
    ["older_people", "everyone"],
    "veilig",
    "Informatiepagina: oplichting herkennen",
    "Ynformaasjeside: bedroch werkenne",
    "Informatiepagina over oplichting via telefoon, sms en WhatsApp. Met tips om uzelf te beschermen.",
    "Ynformaasjeside oer bedroch fia telefoan, sms en WhatsApp. Mei tips om josels te beskermjen.",
    "Information page on scams by phone, text message and WhatsApp, with tips.",
)
selfhelp(
    "t1_vacatures",
    ["work"],
    ["adults", "youth"],
    "vrijwilligerswerk",
    "Vrijwilligersvacatures online",
    "Frijwilligerswurk online",
    "Online overzicht van vrijwilligersvacatures in de gemeente. U kunt zoeken op dorp en soort werk.",
    "Oersjoch op ynternet fan frijwilligerswurk yn de gemeente. Jo kinne sykje op doarp en soarte wurk.",
    "Online list of volunteer vacancies in the municipality, searchable by village.",
)
selfhelp(
    "t1_eetpunten",
    ["meals"],
    ["older_people", "everyone"],
    "eten",
    "Overzicht eetpunten en maaltijdservices",
    "Oersjoch: tegearre ite",
    "Overzicht van alle eetpunten en maaltijdservices in de gemeente, met prijzen en aanmeldnummers.",
    "Oersjoch fan plakken dêr't jo tegearre ite kinne en fan tsjinsten dy't it iten thús bringe, mei prizen en "
    "telefoannûmers om jo op te jaan.",
    "Overview of shared-meal points and meal delivery services in the municipality.",
)

# What a village-hall organisation and a volunteer help organisation typically offer (weights).
HALL_MENU = [("dorpskamer", 3.0), ("koffieochtend", 3.0), ("eetpunt", 2.5),
             ("dagactiviteiten", 2.0), ("reparatiecafe", 1.2), ("beweegclub", 1.5),
             ("digi_local", 1.2), ("kindermiddag", 0.8), ("gezondheid", 0.8),
             ("ouderkamer", 0.6)]  # fmt: skip
VOLUNTEER_MENU = [("vervoer", 3.0), ("boodschappen", 2.0), ("klussen", 2.0), ("burenhulp", 2.0),
                  ("maatjes", 1.8), ("respijt", 1.5), ("thuisadmin", 0.6),
                  ("buurtpreventie", 0.5)]  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Municipalities: fictional organisation names, street names, area codes.
# Central organisations: (name, home place, [(service type, place or None, area)]) where area
# is "*" (whole municipality), an int (that many nearest places) or "" (own place only).
# ---------------------------------------------------------------------------------------------
MUNICIPALITIES = {
    BO: dict(
        n_places=22,
        area_codes=["0599", "0591"],
        n_volunteer=5,
        streets=[
            "Hoofdstraat",
            "Brink",
            "Dorpsstraat",
            "Kerkstraat",
            "Molenweg",
            "Esweg",
            "Hunzeweg",
            "Schoolstraat",
            "Bosweg",
            "Middenstraat",
            "Oranjestraat",
            "Torenlaan",
            "Marktplein",
            "Zuiderdiep",
            "Noorderdiep",
        ],
        halls=[
            "De Schakel",
            "De Brink",
            "'t Trefpunt",
            "De Hunzehoek",
            "De Deel",
            "De Hoeksteen",
            "De Vlonder",
            "'t Veenhuis",
            "De Esch",
            "De Kolk",
            "De Spil",
            "De Zandloper",
            "'t Hooiveld",
            "De Eikenhof",
        ],
        hall_orgs=[
            "Dorpshuis {hall} {p}",
            "Stichting Dorpshuis {p}",
            "Vereniging Dorpsbelangen {p}",
            "Dorpshuis {hall} {p}",
        ],
        town_orgs=["Buurthuis {hall} {p}"],
        volunteer_orgs=[
            "Stichting Vrijwillige Hulp {p}",
            "Burenhulp {p} en omstreken",
            "Stichting Helpende Handen {p}",
            "Noaberhulp {p}",
        ],
        central=[
            (
                "Welzijnskring De Esdorpen",
                "Borger",
                [
                    ("mantelzorgsteunpunt", None, "*"),
                    ("geheugencafe", "Exloo", ""),
                    ("rouwgroep", None, 4),
                    ("t1_mantelzorgtest", None, "*"),
                ],
            ),
            (
                "Sociaal Team De Monden",
                "2e Exloërmond",
                [("sociaalteam", None, 6), ("ouderenadviseur", None, 6), ("t1_eenzaamheid", None, "*")],
            ),
            ("Sociaal Team Hondsrug", "Borger", [("sociaalteam", None, 6), ("opvoedsteunpunt", "Odoorn", 4)]),
            (
                "Stichting Geld op Orde Zuidoost-Drenthe",
                "Nieuw-Buinen",
                [
                    ("schuldinloop", None, "*"),
                    ("thuisadmin", None, 5),
                    ("formulieren", "Borger", ""),
                    ("t1_geldcheck", None, "*"),
                ],
            ),
            (
                "Jongerenwerk De Monden",
                "Valthermond",
                [("jongereninloop", None, 3), ("jongereninloop", "Nieuw-Buinen", 3), ("huiswerk", "2e Exloërmond", "")],
            ),
            (
                "Taal- en Digipunt Borger-Odoorn",
                "Nieuw-Buinen",
                [("taalcafe", None, ""), ("digicafe", "Exloo", ""), ("t1_oefentaal", None, "*")],
            ),
            (
                "Buurtbemiddeling Hunze en Hondsrug",
                "Exloo",
                [("buurtbemiddeling", None, "*"), ("babbeltruc", None, "*")],
            ),
            (
                "Woonwijzer De Esdorpen",
                "Odoorn",
                [("woonadvies", None, 5), ("valpreventie", "Valthe", ""), ("energiecoach", None, 6)],
            ),
            (
                "Vrijwilligerspunt Borger-Odoorn",
                "Borger",
                [("vacaturebank", None, "*"), ("werkcoaching", "Nieuw-Buinen", "")],
            ),
            ("Stichting De Hunzebus", "Odoorn", [("dorpsbus", None, 6), ("dagtochten", None, 6)]),
            ("Voedselpunt De Monden", "2e Exloërmond", [("voedsel", None, 5), ("voedsel", "Borger", 4)]),
            ("Maaltijdservice Aan Tafel", "Exloo", [("maaltijdservice", None, 8), ("t1_eetpunten", None, "*")]),
        ],
    ),
    BR: dict(
        n_places=17,
        area_codes=["0575", "0314"],
        n_volunteer=6,
        streets=[
            "Dorpsstraat",
            "Kerkstraat",
            "Spalstraat",
            "Raadhuisstraat",
            "Zutphenseweg",
            "Kerkplein",
            "Molenstraat",
            "Stationsweg",
            "Schoolstraat",
            "Lindelaan",
            "Eikenlaan",
            "Het Hoge",
            "De Bongerd",
            "Kastanjelaan",
            "Ruurloseweg",
        ],
        halls=[
            "De Bongerd",
            "'t Onderschoer",
            "De Keppel",
            "'t Schoolhuis",
            "De Deel",
            "'t Wapen",
            "De Ploeg",
            "Het Koetshuis",
            "De Linde",
            "De Zonnehoek",
            "De Hofstede",
            "'t Hoge Huus",
            "De Hessel",
            "'t Veldhuus",
        ],
        hall_orgs=["Dorpshuis {hall} {p}", "Kulturhus {p}", "Stichting Dorpskamer {p}", "Dorpshuis {hall} {p}"],
        town_orgs=["Kulturhus {hall} {p}"],
        volunteer_orgs=[
            "Zorgcoöperatie {p}",
            "Naoberhulp {p}",
            "Stichting Vrijwillige Hulp {p}",
            "Zorgcoöperatie {p} en omgeving",
        ],
        central=[
            (
                "Welzijnshuis Berkel en IJssel",
                "Vorden",
                [
                    ("mantelzorgsteunpunt", None, "*"),
                    ("geheugencafe", "Hengelo (Gld)", ""),
                    ("rouwgroep", "Zelhem", 4),
                    ("t1_mantelzorgtest", None, "*"),
                ],
            ),
            ("Sociaal Team Bronckhorst-Noord", "Vorden", [("sociaalteam", None, 6), ("ouderenadviseur", None, 6)]),
            (
                "Sociaal Team Bronckhorst-Zuid",
                "Zelhem",
                [("sociaalteam", None, 6), ("opvoedsteunpunt", None, ""), ("t1_opvoedtips", None, "*")],
            ),
            (
                "Stichting Post en Geld Bronckhorst",
                "Zelhem",
                [
                    ("schuldinloop", None, "*"),
                    ("thuisadmin", "Hengelo (Gld)", 5),
                    ("formulieren", "Steenderen", ""),
                    ("t1_geldcheck", None, "*"),
                ],
            ),
            (
                "Jongerenwerk De Kei",
                "Hengelo (Gld)",
                [("jongereninloop", None, 3), ("jongereninloop", "Vorden", 2), ("huiswerk", "Zelhem", "")],
            ),
            (
                "Taalpunt Bronckhorst",
                "Hengelo (Gld)",
                [("taalcafe", None, ""), ("digicafe", "Vorden", ""), ("t1_digivideos", None, "*")],
            ),
            (
                "Buurtbemiddeling IJssel en Berkel",
                "Steenderen",
                [("buurtbemiddeling", None, "*"), ("babbeltruc", None, "*")],
            ),
            (
                "Langer Thuis Loket Bronckhorst",
                "Hummelo",
                [("woonadvies", None, "*"), ("valpreventie", "Keijenborg", ""), ("t1_langerthuis", None, "*")],
            ),
            ("Vrijwilligerscentrale Noaberkracht", "Zelhem", [("vacaturebank", None, "*"), ("werkcoaching", None, "")]),
            (
                "Stichting Noaberbus Bronckhorst",
                "Steenderen",
                [("dorpsbus", None, 6), ("dagtochten", "Hengelo (Gld)", 6), ("t1_reiswijzer", None, "*")],
            ),
            ("Voedselpunt Achter de IJssel", "Hengelo (Gld)", [("voedsel", None, 5), ("voedsel", "Zelhem", 4)]),
            ("Maaltijdservice Goed Gevuld", "Vorden", [("maaltijdservice", None, 8), ("energiecoach", "Drempt", 5)]),
        ],
    ),
    SWF: dict(
        n_places=44,
        area_codes=["0515"],
        n_volunteer=9,
        streets=[
            "Buorren",
            "Tsjerkestrjitte",
            "Skoalstrjitte",
            "Haadstrjitte",
            "Mounewei",
            "Greidepaed",
            "Terpwei",
            "Nijewei",
            "Feart",
            "Singel",
            "Marktstraat",
            "Kerkstraat",
            "Dyksterbuorren",
            "Sylroede",
            "Harnzerwei",
        ],
        halls=[
            "De Gearhing",
            "De Terp",
            "De Tsjerne",
            "De Skeakel",
            "De Mande",
            "It Hôf",
            "De Stjelp",
            "It Trefpunt",
            "De Pream",
            "De Wetterkant",
            "De Klinte",
            "De Marren",
            "De Bining",
            "It Krúspunt",
            "De Izeren Kou",
            "It Skalm",
        ],
        hall_orgs=[
            "Doarpshûs {hall} {pf}",
            "Stichting Doarpshûs {pf}",
            "Feriening Doarpsbelang {pf}",
            "Doarpshûs {hall} {pf}",
        ],
        town_orgs=["Buurthuis {hall} {p}", "Dorpshuis {hall} {p}"],
        volunteer_orgs=[
            "Buorlju Helpe {pf}",
            "Stichting Mienskip Helpt {pf}",
            "Help Inoar {pf}",
            "Stichting Buorkrêft {pf}",
        ],
        central=[
            (
                "Stichting Wolwêzen Súdwest",
                "Sneek",
                [
                    ("mantelzorgsteunpunt", None, "*"),
                    ("geheugencafe", "Bolsward", ""),
                    ("rouwgroep", None, 5),
                    ("t1_mantelzorgtest", None, "*"),
                ],
            ),
            (
                "Gebiedsteam Snits",
                "Sneek",
                [("sociaalteam", None, 8), ("opvoedsteunpunt", None, ""), ("t1_opvoedtips", None, "*")],
            ),
            ("Gebiedsteam Boalsert", "Bolsward", [("sociaalteam", None, 8), ("ouderenadviseur", None, 8)]),
            ("Gebiedsteam Súdwesthoeke", "Koudum", [("sociaalteam", None, 8), ("ouderenadviseur", "Workum", 6)]),
            ("Gebiedsteam Wommels", "Wommels", [("sociaalteam", None, 10), ("opvoedsteunpunt", None, "")]),
            (
                "Stichting Jild yn Oarder",
                "Sneek",
                [
                    ("schuldinloop", None, "*"),
                    ("thuisadmin", None, 6),
                    ("formulieren", None, ""),
                    ("t1_geldcheck", None, "*"),
                ],
            ),
            ("Thúsadministraasje Boalsert", "Bolsward", [("thuisadmin", None, 6), ("schuldinloop", None, 6)]),
            (
                "Jongereinwurk Súdwest",
                "Sneek",
                [("jongereninloop", None, ""), ("jongereninloop", "Bolsward", ""), ("huiswerk", "Sneek", "")],
            ),
            ("Taalpunt Snits", "Sneek", [("taalcafe", None, ""), ("digicafe", None, ""), ("t1_digivideos", None, "*")]),
            ("Taal- en Digipunt Boalsert", "Bolsward", [("taalcafe", None, ""), ("digicafe", "Makkum", "")]),
            (
                "Buertbemiddeling Súdwest",
                "Sneek",
                [("buurtbemiddeling", None, "*"), ("babbeltruc", None, "*"), ("t1_oplichting", None, "*")],
            ),
            (
                "Wenje en Wurkje Súdwest",
                "Bolsward",
                [
                    ("woonadvies", None, "*"),
                    ("vacaturebank", "Sneek", "*"),
                    ("werkcoaching", None, ""),
                    ("t1_vacatures", None, "*"),
                ],
            ),
            (
                "Stichting Ferfier foar Elkenien",
                "Workum",
                [
                    ("dorpsbus", None, 7),
                    ("dorpsbus", "Wommels", 7),
                    ("dagtochten", "Sneek", 8),
                    ("t1_reiswijzer", None, "*"),
                ],
            ),
            ("Stichting Iten foar Elkenien", "Sneek", [("voedsel", None, 6), ("voedsel", "Bolsward", 6)]),
            ("Miel oan Hûs Súdwest", "IJlst", [("maaltijdservice", None, 8), ("maaltijdservice", "Koudum", 8)]),
            ("Enerzjyploech Súdwest", "Sneek", [("energiecoach", None, "*"), ("valpreventie", "Heeg", "")]),
        ],
    ),
    MG: dict(
        n_places=23,
        area_codes=["0598", "050"],
        n_volunteer=5,
        streets=[
            "Hoofdstraat",
            "Hoofdweg",
            "Kerkstraat",
            "Kanaalweg",
            "Molenstraat",
            "Noorderstraat",
            "Zuiderstraat",
            "Schoolstraat",
            "Borgweg",
            "Dorpsweg",
            "Wilhelminalaan",
            "Julianastraat",
            "Meedenerweg",
            "Kieldiep",
            "Oosterstraat",
        ],
        halls=[
            "De Borg",
            "De Bongerd",
            "De Kolk",
            "De Wierde",
            "De Schakel",
            "De Wending",
            "'t Kielhuis",
            "De Brug",
            "Het Anker",
            "De Hooiberg",
            "De Meeuw",
            "'t Karspel",
            "De Dobbe",
            "'t Zwet",
        ],
        hall_orgs=[
            "Dorpshuis {hall} {p}",
            "Stichting Dorpshuis {p}",
            "Vereniging Dorpsbelangen {p}",
            "Dorpshuis {hall} {p}",
        ],
        town_orgs=["Buurthuis {hall} {p}", "Wijkcentrum {hall} {p}"],
        volunteer_orgs=[
            "Stichting Vrijwillige Hulp {p}",
            "Burenhulp {p} e.o.",
            "Stichting Samen Sterk {p}",
            "Hulpdienst Noaberschap {p}",
        ],
        central=[
            (
                "Welzijnsnetwerk Kieldiep",
                "Hoogezand",
                [
                    ("mantelzorgsteunpunt", None, "*"),
                    ("geheugencafe", "Siddeburen", ""),
                    ("rouwgroep", None, 4),
                    ("t1_mantelzorgtest", None, "*"),
                ],
            ),
            (
                "Sociaal Team Hoogezand",
                "Hoogezand",
                [("sociaalteam", None, 4), ("opvoedsteunpunt", None, ""), ("t1_eenzaamheid", None, "*")],
            ),
            ("Sociaal Team Slochteren", "Slochteren", [("sociaalteam", None, 8), ("ouderenadviseur", None, 8)]),
            ("Sociaal Team Menterwolde", "Zuidbroek", [("sociaalteam", None, 5), ("ouderenadviseur", None, 5)]),
            (
                "Thuisadministratie Grip Hoogezand",
                "Hoogezand",
                [
                    ("thuisadmin", None, 4),
                    ("schuldinloop", None, "*"),
                    ("formulieren", None, ""),
                    ("t1_administratie", None, "*"),
                ],
            ),
            (
                "Jongerenwerk De Kolk",
                "Sappemeer",
                [("jongereninloop", None, 2), ("jongereninloop", "Siddeburen", 3), ("huiswerk", "Hoogezand", "")],
            ),
            (
                "Taalpunt Hoogezand-Sappemeer",
                "Hoogezand",
                [("taalcafe", None, ""), ("digicafe", "Sappemeer", ""), ("t1_oefentaal", None, "*")],
            ),
            ("Buurtbemiddeling Goede Buren", "Hoogezand", [("buurtbemiddeling", None, "*"), ("babbeltruc", None, "*")]),
            (
                "Woonloket Langer Thuis",
                "Siddeburen",
                [
                    ("woonadvies", None, "*"),
                    ("valpreventie", "Harkstede", ""),
                    ("energiecoach", None, 6),
                    ("t1_valtest", None, "*"),
                ],
            ),
            (
                "Vrijwilligerscentrale Kiel en Veen",
                "Sappemeer",
                [("vacaturebank", None, "*"), ("werkcoaching", "Hoogezand", "")],
            ),
            ("Stichting Dorpenbus Slochteren", "Slochteren", [("dorpsbus", None, 7), ("dagtochten", None, 7)]),
            ("Voedselpunt Kieldiep", "Hoogezand", [("voedsel", None, 3), ("voedsel", "Zuidbroek", 4)]),
            ("Maaltijdservice Warme Hap", "Harkstede", [("maaltijdservice", None, 8), ("t1_eetpunten", None, "*")]),
        ],
    ),
}

# Súdwest-Fryslân works with "gebiedsteams"; the other three with "sociale teams".
TEAM_WORDS = {
    False: dict(team="sociaal team", team_fy="sosjaal team", team_en="social team"),
    True: dict(team="gebiedsteam", team_fy="gebietsteam", team_en="area team"),
}

POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # Dutch PC6 letters never use F, I, O, Q, U, Y
BAD_LETTER_PAIRS = ("SA", "SD", "SS")


# ---------------------------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ascii_slug(text: str, limit: int = 50) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^0-9a-z]+", "-", plain).strip("-")
    while len(slug) > limit and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def distance_km(a: dict, b: dict) -> float:
    dlat = (a["lat"] - b["lat"]) * 111.2
    dlon = (a["lon"] - b["lon"]) * 111.2 * math.cos(math.radians((a["lat"] + b["lat"]) / 2))
    return math.hypot(dlat, dlon)


class Gazetteer:
    def __init__(self) -> None:
        postcodes = read_csv(POSTCODES_CSV)
        pc_names = {(r["municipality"], r["place"]) for r in postcodes}
        self.places: dict[str, list[dict]] = {}
        for row in read_csv(PLACES_CSV):
            nl, fy = row["name_nl"], row["name_fy"]
            # The postcode file carries the official (BAG) name: Frisian where that is official.
            official = fy if fy and fy != nl and (row["municipality"], fy) in pc_names else nl
            place = dict(
                municipality=row["municipality"],
                nl=nl,
                fy=fy or nl,
                official=official,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row["population"] or 0),
                text_nl=official.replace(" (Gld)", ""),
                text_fy=(fy or nl).replace(" (Gld)", ""),
            )
            place["pc4"] = sorted(
                r["postcode"] for r in postcodes if r["municipality"] == row["municipality"] and r["place"] in (nl, fy)
            )
            self.places.setdefault(row["municipality"], []).append(place)
        self.by_name = {(p["municipality"], n): p for ps in self.places.values() for p in ps
                        for n in (p["nl"], p["fy"], p["official"])}  # fmt: skip

    def get(self, municipality: str, name: str) -> dict:
        return self.by_name[(municipality, name)]

    def nearest(self, place: dict, n: int) -> list[dict]:
        others = [p for p in self.places[place["municipality"]] if p is not place]
        others.sort(key=lambda p: (distance_km(place, p), p["official"]))
        return others[:n]


# ---------------------------------------------------------------------------------------------
def make_schedule(key: str, rng: random.Random) -> str:
    def days(n, pool=WEEKDAYS):
        return sorted(rng.sample(pool, n), key=DAYS.index)

    entries: list[tuple[str, str]] = []
    if key == "village_mornings":
        slot = rng.choice(["09:30-12:00", "10:00-12:00", "09:00-11:30"])
        entries = [(d, slot) for d in days(rng.choice([2, 2, 3]))]
    elif key == "one_morning":
        entries = [(days(1)[0], rng.choice(["10:00-11:30", "09:30-11:30"]))]
    elif key == "meal":
        slot = rng.choice(["12:00-13:30", "17:30-19:00"])
        entries = [(d, slot) for d in days(rng.choice([1, 1, 2]), ["di", "wo", "do", "vr"])]
    elif key == "daytime":
        slot = rng.choice(["10:00-15:30", "09:30-15:00"])
        entries = [(d, slot) for d in days(2)]
    elif key == "wed_afternoon":
        entries = [("wo", rng.choice(["14:00-16:00", "13:30-15:30"]))]
    elif key == "school_morning":
        entries = [(rng.choice(["di", "do", "vr"]), "08:45-10:30")]
    elif key == "one_slot":
        entries = [(days(1)[0], rng.choice(["13:30-15:30", "10:00-12:00", "19:00-21:00"]))]
    elif key == "one_afternoon":
        entries = [(days(1)[0], rng.choice(["13:30-16:00", "14:00-16:00"]))]
    elif key == "saturday":
        entries = [("za", rng.choice(["10:00-13:00", "13:00-16:00"]))]
    elif key == "exercise":
        slot = rng.choice(["10:00-11:00", "14:00-15:00", "09:30-10:30"])
        entries = [(d, slot) for d in days(rng.choice([1, 2]))]
    elif key == "booking_line":
        if rng.random() < 0.5:
            entries = [(d, "09:00-11:00") for d in WEEKDAYS]
        else:
            entries = [(d, "09:00-12:00") for d in ("ma", "wo", "vr")]
    elif key == "booking_or_empty":
        if rng.random() < 0.5:
            entries = [(d, "09:00-10:30") for d in days(2)]
    elif key == "phone_weekday":
        entries = [(d, "09:00-12:00") for d in WEEKDAYS]
    elif key == "office":
        entries = [(d, "09:00-12:30") for d in ("ma", "di", "wo", "do")]
        if rng.random() < 0.5:
            entries.append(("di", "13:30-16:00"))
    elif key == "evening":
        entries = [(days(1)[0], "19:30-21:30")]
    elif key == "walkin":
        morning, afternoon = days(2)
        entries = [(morning, "09:00-11:00"), (afternoon, "13:30-15:30")]
    elif key == "youth":
        entries = [("wo", "14:00-17:00"), ("vr", rng.choice(["19:00-22:00", "19:30-23:00"]))]
    elif key == "homework":
        entries = [(d, "15:30-17:00") for d in days(2, ["ma", "di", "wo", "do"])]
    elif key == "two_slots":
        a, b = days(2)
        entries = [(a, "10:00-12:00"), (b, "13:30-15:30")]
    elif key == "bus":
        entries = [(d, "08:30-17:30") for d in WEEKDAYS]
    elif key == "food":
        entries = [rng.choice([("vr", "14:00-16:00"), ("do", "13:00-15:00"), ("wo", "15:00-17:00")])]
    elif key == "meal_delivery":
        entries = [(d, "11:00-12:30") for d in WEEKDAYS]
    entries.sort(key=lambda e: (DAYS.index(e[0]), e[1]))
    return "; ".join(f"{d} {t}" for d, t in entries)


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(2026)
        self.gaz = Gazetteer()
        self.rows: list[dict] = []
        self.orgs: dict[str, dict] = {}
        self.addresses: dict[tuple[str, str], tuple[str, str]] = {}
        self.used_postcodes: set[str] = set()

    # -- organisations and locations ---------------------------------------------------
    def org(self, name: str, municipality: str) -> dict:
        if name not in self.orgs:
            rng = self.rng
            slug = ascii_slug(name)
            cfg = MUNICIPALITIES[municipality]
            code = rng.choice(cfg["area_codes"])
            number = rng.randrange(100, 1000) if len(code) == 4 else rng.randrange(1000, 10000)
            self.orgs[name] = dict(
                slug=slug,
                phone=f"{code}-555 {number}",
                website=f"https://{slug}.example.org" if rng.random() < 0.88 else "",
            )
        return self.orgs[name]

    def address(self, org_name: str, place: dict) -> tuple[str, str]:
        key = (org_name, place["official"])
        if key not in self.addresses:
            rng = self.rng
            street = rng.choice(MUNICIPALITIES[place["municipality"]]["streets"])
            number = rng.randrange(1, 120)
            suffix = rng.choice(["", "", "", "", "a", "-1"])
            postcode = ""
            if place["pc4"]:
                while True:
                    letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
                    candidate = f"{rng.choice(place['pc4'])} {letters}"
                    if letters not in BAD_LETTER_PAIRS and candidate not in self.used_postcodes:
                        break
                self.used_postcodes.add(candidate)
                postcode = candidate
            self.addresses[key] = (f"{street} {number}{suffix}", postcode)
        return self.addresses[key]

    # -- one service row ------------------------------------------------------------------
    def add(self, type_key: str, org_name: str, place: dict, area) -> None:
        rng = self.rng
        spec = T[type_key]
        municipality = place["municipality"]
        org = self.org(org_name, municipality)
        address, postcode = self.address(org_name, place)
        fmt = dict(p=place["text_nl"], pf=place["text_fy"], **TEAM_WORDS[municipality == SWF])
        if area == "*":
            service_area = "*"
        elif isinstance(area, int) and area > 0:
            service_area = ";".join(p["official"] for p in self.gaz.nearest(place, area))
        else:
            service_area = ""
        email = ""
        if rng.random() < 0.9:
            email = f"{spec['email']}@{org['slug']}.example.org"
        phone = org["phone"] if rng.random() < 0.94 else ""
        # The Frisian text is the one written for the chosen Dutch text: the same facts (price,
        # DigiD, wheelchair, how to sign up). Frisian used to be drawn on its own from a list of
        # FORMER_FY_VARIANTS texts; that draw is kept so every later choice, and so every
        # external_id the relevance judgements name, stays the same.
        text_nl = rng.choice(spec["nl"])
        rng.choice(range(FORMER_FY_VARIANTS.get(type_key, 1)))
        text_fy = spec["fy"][spec["nl"].index(text_nl)]
        self.rows.append(
            {
                "organization": org_name,
                "name": spec["name"].format(**fmt),
                "name_fy": spec["name_fy"].format(**fmt),
                "description_nl": text_nl.format(**fmt),
                "description_fy": text_fy.format(**fmt),
                "description_en": spec["en"].format(**fmt),
                "kind": spec["kind"],
                "tier": str(spec["tier"]),
                "themes": ";".join(spec["themes"]),
                "audiences": ";".join(spec["audiences"]),
                "municipality": municipality,
                "place": place["official"],
                "address": address,
                "postcode": postcode,
                "latitude": "",
                "longitude": "",
                "service_area": service_area,
                "phone": phone,
                "email": email,
                "website": org["website"],
                "cost": spec["cost"],
                "schedule": make_schedule(spec["sched"], rng),
                "alternatives_for": ";".join(spec["alt"]),
                "_place": place,
                "_type": type_key,
            }
        )

    # -- a municipality -------------------------------------------------------------------
    def municipality(self, municipality: str) -> None:
        rng = self.rng
        cfg = MUNICIPALITIES[municipality]
        places = sorted(self.gaz.places[municipality], key=lambda p: (-p["population"], p["official"]))
        used = places[: cfg["n_places"]]

        for org_name, home, services in cfg["central"]:
            for type_key, where, area in services:
                place = self.gaz.get(municipality, where or home)
                self.add(type_key, org_name, place, area)

        halls = cfg["halls"][:]
        rng.shuffle(halls)
        hub_names = {home for _, home, _ in cfg["central"]}
        for index, place in enumerate(used):
            pop = place["population"]
            if pop >= 2000:
                count = rng.choice([2, 3, 3])
            elif pop >= 700:
                count = rng.choice([1, 2, 2, 3])
            else:
                count = rng.choice([1, 1, 2])
            hall = halls[index % len(halls)]
            patterns = cfg["town_orgs"] if pop >= 8000 else cfg["hall_orgs"]
            org_name = rng.choice(patterns).format(hall=hall, p=place["text_nl"], pf=place["text_fy"])
            for type_key in self.pick(HALL_MENU, count):
                area = ""
                if type_key in ("eetpunt", "dagactiviteiten") and rng.random() < 0.4:
                    area = rng.choice([2, 3])
                self.add(type_key, org_name, place, area)

        # Volunteer help groups: spread over the smaller villages, each serving its neighbours.
        candidates = [p for p in used if p["official"] not in hub_names]
        anchors = rng.sample(candidates, min(cfg["n_volunteer"], len(candidates)))
        anchors.sort(key=lambda p: p["official"])
        patterns = cfg["volunteer_orgs"][:]
        for index, place in enumerate(anchors):
            org_name = patterns[index % len(patterns)].format(p=place["text_nl"], pf=place["text_fy"])
            for type_key in self.pick(VOLUNTEER_MENU, rng.choice([2, 3, 3, 4])):
                self.add(type_key, org_name, place, rng.choice([3, 4, 5, 6]))

    def pick(self, menu: list[tuple[str, float]], count: int) -> list[str]:
        chosen: list[str] = []
        pool = menu[:]
        for _ in range(min(count, len(pool))):
            total = sum(w for _, w in pool)
            mark = self.rng.random() * total
            for i, (key, weight) in enumerate(pool):
                mark -= weight
                if mark <= 0 or i == len(pool) - 1:
                    chosen.append(key)
                    pool.pop(i)
                    break
        return chosen

    # -- finishing: which optional texts and coordinates to keep ---------------------------
    def finish(self) -> list[dict]:
        rng = self.rng
        rows = self.rows
        for number, row in enumerate(rows, start=1):
            row["external_id"] = f"demo-{number:04d}"

        others = [i for i, r in enumerate(rows) if r["municipality"] != SWF]
        keep_fy = set(rng.sample(others, math.ceil(0.36 * len(others))))
        keep_en = set(rng.sample(range(len(rows)), math.ceil(0.25 * len(rows))))
        keep_xy = set(rng.sample(range(len(rows)), round(0.10 * len(rows))))
        for i, row in enumerate(rows):
            if row["municipality"] != SWF and i not in keep_fy:
                row["description_fy"] = ""
                row["name_fy"] = ""
            if i not in keep_en and row["tier"] != "1":
                row["description_en"] = ""
            if i in keep_xy:
                place = row["_place"]
                # Within about 700 m of the place point.
                lat = place["lat"] + rng.uniform(-0.006, 0.006)
                lon = place["lon"] + rng.uniform(-0.009, 0.009)
                row["latitude"], row["longitude"] = f"{lat:.6f}", f"{lon:.6f}"
        return rows

    def build(self) -> list[dict]:
        for municipality in (SWF, BO, BR, MG):
            self.municipality(municipality)
        return self.finish()


# ---------------------------------------------------------------------------------------------
# Volunteer vacancies and dated activities (issue 15): vacancies.csv and activities.csv. Dates are
# days from the day `socialmap demo` loads them (expires_in_days, in_days), never calendar dates,
# so the demo never shows an expired vacancy or a past activity. Own random stream: services.csv
# stays byte-identical.
# ---------------------------------------------------------------------------------------------
VACANCIES_CSV = HERE / "vacancies.csv"
ACTIVITIES_CSV = HERE / "activities.csv"
VACANCY_COLUMNS = ["organization", "title", "description_nl", "description_fy", "place", "service_area",
                   "hours_per_week", "contact", "expires_in_days"]  # fmt: skip
ACTIVITY_COLUMNS = ["kind", "service", "title", "description_nl", "description_fy", "opens", "closes", "in_days",
                    "days"]  # fmt: skip
AREA_CODES = {SWF: "0515", BO: "0591", BR: "0575", MG: "0598"}
CONTACT_NAMES = ["Anneke", "Jan", "Trijntje", "Gerrit", "Wietske", "Henk", "Sjoukje", "Bert", "Marijke", "Klaas",
                 "Janny", "Harm", "Geesje", "Willem", "Froukje", "Roelof"]  # fmt: skip

# (title, hours per week, whole municipality?, Dutch text, Frisian text); {p}/{pf}: the village.
VACANCY_TYPES = {
    "vervoer": [("Chauffeur voor de vrijwillige vervoersdienst", 4, True,
                 "Je rijdt inwoners uit {p} en omgeving naar de huisarts, het ziekenhuis of de winkel. Je rijdt "
                 "met je eigen auto en krijgt een kilometervergoeding. Eén of twee dagdelen per week.",
                 "Do rydst ynwenners fan {pf} en omkriten nei de húsdokter, it sikehûs of de winkel. Do rydst mei "
                 "dyn eigen auto en krijst in kilometerfergoeding. Ien of twa dieldagen yn 'e wike.")],
    "boodschappen": [("Boodschappenmaatje", 2, False,
                      "Samen met een oudere inwoner van {p} boodschappen doen, of ze voor iemand halen. Eén keer "
                      "per week, op een moment dat jou uitkomt.",
                      "Mei in âldere ynwenner fan {pf} boadskippen dwaan, of se foar ien helje. Ien kear yn 'e "
                      "wike, op in momint dat dy útkomt.")],
    "klussen": [("Klusvrijwilliger", 3, False,
                 "Kleine klussen in huis bij ouderen in {p}: een lamp ophangen, een kraan repareren, een drempel "
                 "weghalen. Gereedschap is er; handigheid neem je zelf mee.",
                 "Lytse klussen yn hûs by âlderen yn {pf}: in lampe ophingje, in kraan meitsje, in drompel "
                 "weihelje. Ark is der; handigens nimst sels mei.")],
    "dorpskamer": [("Gastvrouw of gastheer in de dorpskamer", 3, False,
                    "Je zet koffie, maakt een praatje en zorgt dat iedereen in de dorpskamer van {p} zich welkom "
                    "voelt. Eén ochtend per week of om de week.",
                    "Do setst kofje, makkest in praatsje en soarchst dat elkenien him wolkom fielt yn 'e "
                    "doarpskeamer fan {pf}. Ien moarn yn 'e wike of om de wike.")],
    "eetpunt": [("Kookvrijwilliger voor het eetpunt", 4, False,
                 "Samen met twee andere vrijwilligers kook je een warme maaltijd voor twintig dorpsgenoten in "
                 "{p}. Je hoeft geen kok te zijn; zin in koken is genoeg.",
                 "Mei twa oare frijwilligers kokest in waarm miel foar tweintich doarpsgenoaten yn {pf}. Do "
                 "hoechst gjin kok te wêzen; nocht oan koken is genôch.")],
    "burenhulp": [("Maatje voor een oudere", 2, False,
                   "Een wekelijks bezoekje aan een oudere in {p} die weinig mensen ziet: een kop koffie, een "
                   "wandeling, een spelletje. Wij zoeken samen met jou een goede match.",
                   "In wykliks besite by in âldere yn {pf} dy't net folle minsken sjocht: in bakje kofje, in "
                   "kuier, in spultsje. Wy sykje mei dy in goede match.")],
    "thuisadministratie": [("Vrijwilliger thuisadministratie", 2, True,
                            "Je helpt inwoners hun post en rekeningen op orde te houden. Je krijgt eerst een "
                            "training. Discreet en precies zijn is belangrijker dan ervaring.",
                            "Do helpst ynwenners harren post en rekkens op oarder te hâlden. Do krijst earst in "
                            "training. Diskreet en sekuer wêze is wichtiger as ûnderfining.")],
}
FALLBACK_VACANCY = ("Bestuurslid (penningmeester)", 2, False,
                    "Ons bestuur in {p} zoekt een penningmeester. Je beheert de kas, maakt de jaarrekening en "
                    "denkt mee over de toekomst. Ongeveer twee uur per week.",
                    "Us bestjoer yn {pf} siket in ponghâlder. Do beheardest de kas, makkest de jierrekken en "
                    "tinkst mei oer de takomst. Sawat twa oeren yn 'e wike.")  # fmt: skip

# The first word of a service's name → the vacancy its organisation posts.
VACANCY_KEYWORDS = {"vrijwillige": "vervoer", "dorpsbus": "vervoer", "boodschappenhulp": "boodschappen",
                    "klussendienst": "klussen", "dorpskamer": "dorpskamer", "koffieochtend": "dorpskamer",
                    "eetpunt": "eetpunt", "burenhulp": "burenhulp", "maatje": "burenhulp",
                    "thuisadministratie": "thuisadministratie"}  # fmt: skip
# (title, opens, closes, Dutch text, Frisian text) for village rooms and halls.
ACTIVITY_TYPES = [
    ("Bingomiddag", "14:00", "16:30", "Bingo met mooie prijzen en koffie met gebak. Iedereen is welkom.",
     "Bingo mei moaie prizen en kofje mei gebak. Elkenien is wolkom."),
    ("Repaircafé", "10:00", "13:00", "Neem je kapotte broodrooster, fiets of trui mee: vrijwilligers repareren "
     "het samen met je.", "Nim dyn stikkene broadrêster, fyts of trui mei: frijwilligers meitsje it mei dy."),
    ("Spreekuur digitale hulp", "13:30", "15:30", "Hulp bij je telefoon, tablet of DigiD. Zonder afspraak.",
     "Help mei dyn telefoan, tablet of DigiD. Sûnder ôfspraak."),
    ("Samen eten", "17:30", "19:30", "Een warme maaltijd met dorpsgenoten voor een kleine bijdrage. Opgeven "
     "kan tot de dag ervoor.", "In waarm miel mei doarpsgenoaten foar in lytse bydrage. Opjaan kin oant de dei "
     "derfoar."),
    ("Informatiemiddag mantelzorg", "14:00", "16:00", "De mantelzorgconsulent vertelt wat er in de gemeente is "
     "voor mantelzorgers, en er is tijd voor vragen.", "De mantelsoarchkonsulint fertelt wat der yn 'e gemeente "
     "is foar mantelsoargers, en der is tiid foar fragen."),
    ("Wandeling met koffie", "10:00", "11:30", "Een rustige wandeling van een uur door het dorp, daarna koffie "
     "in het dorpshuis.", "In rêstige kuier fan in oere troch it doarp, dêrnei kofje yn it doarpshûs."),
]  # fmt: skip
CLOSURE_REASONS = ["Verbouwing van het dorpshuis", "Vakantie van de vrijwilligers", "Schilderwerk"]


def build_dated(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Vacancies (about eight per municipality) and activities and closures of village rooms."""
    rng = random.Random(1515)
    vacancies: list[dict] = []
    activities: list[dict] = []
    for municipality in (SWF, BO, BR, MG):
        own = [r for r in rows if r["municipality"] == municipality]
        by_org: dict[str, list[dict]] = {}
        for row in own:
            by_org.setdefault(row["organization"], []).append(row)
        # village halls and volunteer groups ask for volunteers, not the municipality's teams
        organisations = sorted(o for o, services in by_org.items()
                               if any(r["kind"] in ("village_room", "volunteer_group") for r in services))  # fmt: skip
        for org_name in rng.sample(organisations, min(8, len(organisations))):
            matching = [r for r in by_org[org_name] if r["name"].split(" ")[0].lower() in VACANCY_KEYWORDS]
            row = matching[0] if matching else by_org[org_name][0]
            key = VACANCY_KEYWORDS.get(row["name"].split(" ")[0].lower())
            title, hours, whole, nl, fy = rng.choice(VACANCY_TYPES[key]) if key else FALLBACK_VACANCY
            place = row["_place"]
            fmt = dict(p=place["text_nl"], pf=place["text_fy"])
            vacancies.append({
                "organization": org_name, "title": title, "description_nl": nl.format(**fmt),
                "description_fy": fy.format(**fmt) if municipality == SWF or rng.random() < 0.3 else "",
                "place": "" if whole else place["official"], "service_area": "*" if whole else "",
                "hours_per_week": hours, "expires_in_days": rng.choice([21, 30, 45, 60, 90, 120]),
                "contact": f"{rng.choice(CONTACT_NAMES)}, {AREA_CODES[municipality]}-555 {rng.randrange(100, 999)}",
            })  # fmt: skip
        halls = [r for r in own if r["kind"] == "village_room" and r["schedule"]]
        for row in rng.sample(halls, min(10, len(halls))):
            title, opens, closes, nl, fy = rng.choice(ACTIVITY_TYPES)
            activities.append({"kind": "activity", "service": row["external_id"], "title": title,
                               "description_nl": nl, "description_fy": fy if municipality == SWF else "",
                               "opens": opens, "closes": closes, "in_days": rng.randrange(0, 21), "days": ""})
        for row in rng.sample(halls, min(2, len(halls))):
            activities.append({"kind": "closure", "service": row["external_id"], "title": rng.choice(CLOSURE_REASONS),
                               "description_nl": "", "description_fy": "", "opens": "", "closes": "",
                               "in_days": rng.randrange(0, 10), "days": rng.choice([3, 7, 14])})  # fmt: skip
    return vacancies, activities


# ---------------------------------------------------------------------------------------------
# What a resident needs to act (issue 16): how to get in, the languages spoken, accessibility.
# Drawn after the catalogue with a random stream per service, so every other column stays the same.
# ---------------------------------------------------------------------------------------------
HOME_HELP = {"vervoer", "boodschappen", "klussen", "burenhulp", "maatjes", "respijt", "thuisadmin", "energiecoach",
             "maaltijdservice", "dorpsbus", "dagtochten", "buurtpreventie"}  # they come to you: no building
GET_IN = {
    "walk_in": {"dorpskamer", "koffieochtend", "kindermiddag", "ouderkamer", "digi_local", "reparatiecafe",
                "beweegclub", "taalcafe", "digicafe", "jongereninloop", "schuldinloop", "geheugencafe", "formulieren",
                "huiswerk", "vacaturebank"},
    "call_first": {"eetpunt", "dagactiviteiten", "vervoer", "boodschappen", "klussen", "burenhulp", "maatjes",
                   "thuisadmin", "energiecoach", "maaltijdservice", "dorpsbus", "dagtochten", "buurtpreventie",
                   "buurtbemiddeling", "babbeltruc", "valpreventie", "rouwgroep"},
    "appointment": {"gezondheid", "sociaalteam", "ouderenadviseur", "opvoedsteunpunt", "woonadvies",
                    "mantelzorgsteunpunt", "werkcoaching", "vacaturebank", "schuldinloop"},
    "via_social_team": {"dagactiviteiten", "respijt", "maatjes", "thuisadmin", "voedsel"},
    "referral_needed": {"voedsel"},
}
GET_IN_TEXT = {  # (nl, fy, en)
    "dorpskamer": ("De koffie staat klaar; aanmelden hoeft niet.", "De kofje stiet klear; oanmelde hoecht net.",
                   "The coffee is ready; no need to sign up."),
    "koffieochtend": ("De koffie staat klaar; aanmelden hoeft niet.", "De kofje stiet klear; oanmelde hoecht net.",
                      "The coffee is ready; no need to sign up."),
    "eetpunt": ("Meld u uiterlijk de dag ervoor aan.", "Meld jo de dei derfoar oan.",
                "Sign up the day before at the latest."),
    "sociaalteam": ("Bel voor een afspraak; we komen ook bij u thuis.",
                    "Skilje foar in ôfspraak; wy komme ek by jo thús.",
                    "Call for an appointment; we also visit you at home."),
    "voedsel": ("Aanmelden via het sociaal team of een hulpverlener.",
                "Oanmelde fia it sosjaal team of in helpferliener.",
                "Sign up through the social team or a care worker."),
    "vervoer": ("Bel de coördinator, het liefst een paar dagen vooraf.",
                "Skilje de koördinator, it leafst in pear dagen foarôf.",
                "Call the coordinator, preferably a few days ahead."),
    "boodschappen": ("Bel de coördinator, het liefst een paar dagen vooraf.",
                     "Skilje de koördinator, it leafst in pear dagen foarôf.",
                     "Call the coordinator, preferably a few days ahead."),
}
ONLINE_TEXT = ("Online, wanneer het u uitkomt.", "Online, wannear't it jo útkomt.", "Online, whenever it suits you.")
ALWAYS_FRISIAN = {"sociaalteam", "ouderenadviseur", "mantelzorgsteunpunt", "geheugencafe", "dorpskamer", "ouderkamer"}


def resident_fields(rows: list[dict]) -> list[dict]:
    for row in rows:
        kind = row["_type"]
        rng = random.Random(f"{row['external_id']}-resident")
        codes = [code for code, kinds in GET_IN.items() if kind in kinds]
        row["application_process"] = ";".join(codes)
        text = ONLINE_TEXT if kind.startswith("t1_") else GET_IN_TEXT.get(kind)
        if text:
            row["application_process_nl"], row["application_process_fy"], row["application_process_en"] = text
            if not row["description_fy"]:  # no Frisian texts for this service: none here either
                row["application_process_fy"] = ""
        languages = ["nl"]
        if row["municipality"] == SWF and (kind in ALWAYS_FRISIAN or rng.random() < 0.75):
            languages.append("fy")
        if kind == "taalcafe":
            languages += ["en", "ar", "uk", "ti"]
        elif kind in ("sociaalteam", "werkcoaching", "voedsel", "schuldinloop") and rng.random() < 0.5:
            languages += ["en", "ar", "pl", "tr"][: rng.choice([1, 2, 3, 4])]
        elif row["municipality"] == BR and row["kind"] == "general_service" and rng.random() < 0.3:
            languages.append("de")  # on the German border
        elif row["description_en"] and rng.random() < 0.5:
            languages.append("en")
        row["languages"] = ";".join(languages)
        access = []
        if not kind.startswith("t1_") and kind not in HOME_HELP:
            village_hall = row["kind"] == "village_room"
            for code, chance in (("wheelchair", 0.85 if village_hall else 0.95),
                                 ("hearing_loop", 0.3 if village_hall else 0.5),
                                 ("parking", 0.8 if village_hall else 0.6),
                                 ("public_transport_stop", 0.45 if village_hall else 0.8)):
                if rng.random() < chance:
                    access.append(code)
        row["accessibility"] = ";".join(access)
    return rows


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rows = resident_fields(Builder().build())
    with OUT_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    organisations = len({r["organization"] for r in rows})
    places = len({(r["municipality"], r["place"]) for r in rows})
    print(f"wrote {OUT_CSV.name}: {len(rows)} services, {organisations} organisations, {places} places")
    vacancies, activities = build_dated(rows)
    write_csv(VACANCIES_CSV, VACANCY_COLUMNS, vacancies)
    write_csv(ACTIVITIES_CSV, ACTIVITY_COLUMNS, activities)
    print(f"wrote {VACANCIES_CSV.name}: {len(vacancies)} vacancies; {ACTIVITIES_CSV.name}: {len(activities)} rows")


if __name__ == "__main__":
    main()
