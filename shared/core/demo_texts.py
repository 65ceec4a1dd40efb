"""Swedish texts for the demo year: ideas, needs, calls, methods and activities.

Written from what the five Vinnova idea-lock projects said about their own
work (``/work/shared/seeds``): welfare services and skills supply in small
municipalities, service in the countryside, digital development from
residents' needs, "innovativ chef", testing in small scale before rollout.
Everything here is invented for the demo; no real person or case is meant.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IdeaText:
    title: str
    description: str
    benefit: str
    unit: str
    tags: tuple[str, ...]
    # Who typically has this idea: "staff", "citizen", "business" or "association".
    audience: str
    theme: str


@dataclass(frozen=True)
class NeedText:
    title: str
    description: str
    unit: str
    affected: str
    theme: str


IDEAS: tuple[IdeaText, ...] = (
    IdeaText(
        "Nattillsyn med kamera för den som vill",
        "Brukare som inte vill bli väckta av nattliga tillsynsbesök kan välja kameratillsyn vid "
        "överenskomna tider. Personalen åker ut bara när något behövs.",
        "Ostörd sömn för brukarna och färre körda mil för nattpatrullen.",
        "Hemtjänst natt",
        ("hemtjänst", "välfärdsteknik"),
        "staff",
        "omsorg",
    ),
    IdeaText(
        "Gemensam vikariepool för äldreomsorgen",
        "Kommunerna delar en pool av timvikarier med gemensam introduktion, så att den som "
        "jobbar i en kommun snabbt kan ta pass i grannkommunen.",
        "Färre obemannade pass och tryggare anställning för vikarierna.",
        "Vård och omsorg",
        ("kompetensförsörjning", "samverkan"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Undersköterska på deltid under gymnasiet",
        "Elever på vård- och omsorgsprogrammet erbjuds betalda helgpass med handledare redan "
        "under andra året, så att de lär känna arbetsplatsen innan examen.",
        "Fler stannar kvar i kommunen efter examen.",
        "Vård och omsorg",
        ("kompetensförsörjning", "skola"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Digital inloggning i hemtjänstens nyckelfria lås",
        "Personalen använder mobilen i stället för fysiska nycklar som måste hämtas och lämnas "
        "på kontoret varje morgon.",
        "Kortare restid och inga borttappade nycklar.",
        "Hemtjänst",
        ("hemtjänst", "digitalisering"),
        "staff",
        "omsorg",
    ),
    IdeaText(
        "Servicepunkt i byns lanthandel",
        "Lanthandeln blir kommunens ombud: hjälp med e-tjänster, utlämning av sopsäckar och "
        "broschyrer, och en skärm för videomöte med kommunens kontaktcenter.",
        "Invånare långt från centralorten når kommunens service utan att resa.",
        "Kommunledningen",
        ("landsbygd", "service"),
        "business",
        "landsbygd",
    ),
    IdeaText(
        "Mobil medborgarkontor i bokbussen",
        "Bokbussen tar med sig en handläggare en dag i veckan, så att man kan få hjälp med "
        "bygglov, bostadsanpassning och e-legitimation i sin egen by.",
        "Service där invånarna bor, med ett fordon vi redan har.",
        "Kultur och bibliotek",
        ("landsbygd", "bibliotek"),
        "citizen",
        "landsbygd",
    ),
    IdeaText(
        "Samåkning till fritidsaktiviteter på landsbygden",
        "En enkel app där föräldrar i byarna kan erbjuda och boka platser i bilen till "
        "träningar och kulturskola i centralorten.",
        "Fler barn från landsbygden kan delta i fritidsaktiviteter.",
        "Fritid",
        ("landsbygd", "barn och unga"),
        "association",
        "landsbygd",
    ),
    IdeaText(
        "Digital väntrumslista för bygglov",
        "Den som sökt bygglov ser själv i e-tjänsten var i handläggningen ärendet står och vad "
        "som saknas.",
        "Färre telefonsamtal till bygglovsenheten och nöjdare sökande.",
        "Samhällsbyggnad",
        ("digitalisering", "e-tjänster"),
        "business",
        "digitalt",
    ),
    IdeaText(
        "Chattbot för frågor om skolskjuts",
        "De vanligaste frågorna om skolskjuts besvaras dygnet runt av en chattbot som lämnar "
        "över till en handläggare när den inte kan svara.",
        "Snabbare svar till föräldrar och mer tid för svåra ärenden.",
        "Utbildningsförvaltningen",
        ("digitalisering", "skola"),
        "staff",
        "digitalt",
    ),
    IdeaText(
        "E-tjänst för anmälan av trasig gatubelysning med karta",
        "Invånare markerar lampan på en karta och får besked när den är lagad.",
        "Snabbare felavhjälpning och bättre underlag för underhållet.",
        "Gata och park",
        ("e-tjänster", "trygghet"),
        "citizen",
        "digitalt",
    ),
    IdeaText(
        "Robotstöd för fakturahantering",
        "Leverantörsfakturor som följer avtal konteras och attesteras automatiskt; bara "
        "avvikelser går till en handläggare.",
        "Färre manuella moment och snabbare betalning till lokala företag.",
        "Ekonomienheten",
        ("automatisering", "digitalisering"),
        "staff",
        "digitalt",
    ),
    IdeaText(
        "Läxhjälp på biblioteket med seniorer",
        "Pensionerade lärare och ingenjörer erbjuder läxhjälp två eftermiddagar i veckan på "
        "biblioteket.",
        "Stöd för elever som saknar hjälp hemma, och en meningsfull uppgift för seniorer.",
        "Kultur och bibliotek",
        ("skola", "volontärer"),
        "association",
        "skola",
    ),
    IdeaText(
        "Utomhusklassrum vid skolan",
        "Ett enkelt väderskydd med bänkar på skolgården där lektioner i alla ämnen kan hållas "
        "utomhus.",
        "Mer rörelse under skoldagen och bättre koncentration.",
        "Grundskola",
        ("skola", "hälsa"),
        "staff",
        "skola",
    ),
    IdeaText(
        "Tyst rum för elever som behöver paus",
        "Ett avskilt rum med dämpat ljus där elever kan vila en stund med stöd av elevhälsan.",
        "Färre avbrutna skoldagar och lugnare klassrum.",
        "Elevhälsan",
        ("skola", "psykisk hälsa"),
        "citizen",
        "skola",
    ),
    IdeaText(
        "Matsvinnet i skolköken mäts varje dag",
        "Varje skolkök väger svinnet dagligen och visar det på en skärm i matsalen; eleverna "
        "tävlar klassvis.",
        "Mindre matsvinn och lägre kostnader för råvaror.",
        "Kostenheten",
        ("hållbarhet", "skola"),
        "staff",
        "hållbarhet",
    ),
    IdeaText(
        "Lånecykler med el för hemtjänsten i tätorten",
        "Hemtjänstens personal i centralorten använder elcyklar i stället för bil på korta "
        "sträckor.",
        "Lägre utsläpp, lägre kostnad och bättre hälsa hos personalen.",
        "Hemtjänst",
        ("hållbarhet", "hemtjänst"),
        "staff",
        "hållbarhet",
    ),
    IdeaText(
        "Återbruksbutik för kommunens möbler",
        "Möbler som blir över vid flyttar och ombyggnader listas i ett internt återbrukslager "
        "som alla verksamheter kan beställa från.",
        "Mindre inköp av nya möbler och mindre avfall.",
        "Lokalförsörjning",
        ("hållbarhet", "återbruk"),
        "staff",
        "hållbarhet",
    ),
    IdeaText(
        "Solceller på förskolornas tak med föreningens hjälp",
        "En energiförening finansierar solceller på förskolornas tak och får betalt i el.",
        "Lokal förnybar el och lägre energikostnader för kommunen.",
        "Fastighetsenheten",
        ("hållbarhet", "energi"),
        "association",
        "hållbarhet",
    ),
    IdeaText(
        "Företagslots med en väg in",
        "Den som vill starta eller utveckla ett företag får en kontaktperson som samordnar "
        "tillstånd och rådgivning från alla förvaltningar.",
        "Kortare handläggningstider och fler etableringar.",
        "Näringslivsenheten",
        ("näringsliv", "service"),
        "business",
        "näringsliv",
    ),
    IdeaText(
        "Samskapande upphandling av matlådor till äldre",
        "Innan upphandlingen av matdistribution skrivs bjuds brukare, anhöriga och lokala "
        "företag in att formulera kraven tillsammans.",
        "Mat som äldre vill äta och fler lokala anbudsgivare.",
        "Upphandlingsenheten",
        ("upphandling", "omsorg"),
        "business",
        "näringsliv",
    ),
    IdeaText(
        "Sommarjobb för unga i lokala företag med kommunalt handledarstöd",
        "Kommunen betalar en del av handledningen så att små företag kan ta emot sommarjobbare.",
        "Fler unga får arbetslivserfarenhet och företagen hittar framtida medarbetare.",
        "Arbetsmarknadsenheten",
        ("näringsliv", "unga"),
        "business",
        "näringsliv",
    ),
    IdeaText(
        "Föreningarnas gemensamma bokningskalender",
        "Alla kommunala lokaler och föreningarnas egna lokaler bokas i en och samma kalender "
        "på webben.",
        "Bättre utnyttjade lokaler och enklare för föreningarna.",
        "Fritid",
        ("föreningsliv", "e-tjänster"),
        "association",
        "föreningsliv",
    ),
    IdeaText(
        "Öppna idrottshallen sena fredagar för unga",
        "Idrottshallen hålls öppen fredagskvällar med fältassistenter och föreningsledare "
        "på plats.",
        "En trygg mötesplats för unga när mycket annat är stängt.",
        "Fritid",
        ("barn och unga", "trygghet"),
        "association",
        "föreningsliv",
    ),
    IdeaText(
        "Introduktionsfilmer på flera språk för nyanställda i omsorgen",
        "Korta filmer som visar arbetsplatsens rutiner, med undertexter på de vanligaste "
        "språken bland nyanställda.",
        "Snabbare och säkrare introduktion.",
        "Vård och omsorg",
        ("kompetensförsörjning", "introduktion"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Karriärtrappa för undersköterskor",
        "Undersköterskor kan specialisera sig inom demens, palliativ vård eller välfärdsteknik "
        "och få ett tydligt uppdrag och lönesteg.",
        "Fler stannar i yrket och kompetensen används bättre.",
        "Vård och omsorg",
        ("kompetensförsörjning", "karriär"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Delade tjänster mellan kommunerna för specialister",
        "Kommunerna anställer gemensamt specialister som är svåra att rekrytera var för sig, "
        "till exempel dataskyddsombud och arbetsterapeuter.",
        "Tjänster som annars inte blir tillsatta.",
        "Kommunledningen",
        ("kompetensförsörjning", "samverkan"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Medarbetarnas idéfika varje månad",
        "En gång i månaden träffas medarbetare från olika förvaltningar över en fika och "
        "delar problem de vill lösa; idécoachen är med.",
        "Fler idéer kommer fram och förvaltningar lär känna varandra.",
        "HR-avdelningen",
        ("innovationskultur",),
        "staff",
        "kultur",
    ),
    IdeaText(
        "Chefer provar på varandras verksamheter",
        "Chefer byter arbetsplats med en kollega i en annan förvaltning under två dagar och "
        "tar med sig en idé tillbaka.",
        "Nya perspektiv och ett innovativt ledarskap.",
        "HR-avdelningen",
        ("innovativ chef", "ledarskap"),
        "staff",
        "kultur",
    ),
    IdeaText(
        "Misslyckandets pris",
        "En årlig utmärkelse för det bästa testet som inte blev som tänkt, och vad vi lärde "
        "oss av det.",
        "Mod att pröva nytt och misslyckas utan stora konsekvenser.",
        "Kommunledningen",
        ("innovationskultur",),
        "staff",
        "kultur",
    ),
    IdeaText(
        "Invånarpanel för nya e-tjänster",
        "Ett hundratal invånare i olika åldrar testar nya e-tjänster innan de lanseras och "
        "ger synpunkter på språk och flöde.",
        "E-tjänster som fungerar för fler, från första dagen.",
        "Digitaliseringsenheten",
        ("medborgardialog", "e-tjänster"),
        "citizen",
        "digitalt",
    ),
    IdeaText(
        "Digital fixartjänst för seniorer",
        "Seniorer kan boka hjälp med att byta glödlampor och sätta upp brandvarnare via "
        "telefon eller webb.",
        "Färre fallolyckor i hemmet.",
        "Vård och omsorg",
        ("trygghet", "äldre"),
        "citizen",
        "omsorg",
    ),
    IdeaText(
        "Anhörigcafé på kvällstid",
        "Anhöriga till personer med demens träffas en kväll i månaden med stöd av en "
        "demenssjuksköterska.",
        "Anhöriga orkar längre och känner sig mindre ensamma.",
        "Anhörigstöd",
        ("anhöriga", "demens"),
        "association",
        "omsorg",
    ),
    IdeaText(
        "Läsombud på äldreboenden",
        "Biblioteket utbildar personal och volontärer som läser högt och lånar ut böcker på "
        "äldreboendena.",
        "Mer livskvalitet och gemenskap för de boende.",
        "Kultur och bibliotek",
        ("äldre", "bibliotek"),
        "association",
        "omsorg",
    ),
    IdeaText(
        "Trygghetsvandringar med kartapp",
        "Invånare går tillsammans med kommunen och polisen genom bostadsområden och markerar "
        "otrygga platser i en app.",
        "Åtgärder där de gör störst nytta för tryggheten.",
        "Samhällsbyggnad",
        ("trygghet", "medborgardialog"),
        "citizen",
        "landsbygd",
    ),
    IdeaText(
        "Jämställd snöröjning",
        "Gång- och cykelvägar till förskolor och arbetsplatser plogas före bilvägarna.",
        "Färre fallolyckor och en snöröjning som gynnar fler.",
        "Gata och park",
        ("jämställdhet", "trafik"),
        "citizen",
        "hållbarhet",
    ),
    IdeaText(
        "Språkcafé för nyanlända på arbetsplatsen",
        "Nyanställda med annat modersmål tränar svenska på arbetstid med kollegor som språkvänner.",
        "Snabbare språkutveckling och bättre arbetsmiljö.",
        "Vård och omsorg",
        ("kompetensförsörjning", "integration"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Gemensam fordonspool för förvaltningarna",
        "Förvaltningarnas bilar bokas i ett gemensamt system och står på samma ställe.",
        "Färre bilar, lägre kostnader och lägre utsläpp.",
        "Kommunledningen",
        ("hållbarhet", "resurser"),
        "staff",
        "hållbarhet",
    ),
    IdeaText(
        "Fler platser på kulturskolan genom digital undervisning",
        "Elever i byarna får en del av sin instrumentundervisning digitalt och träffar "
        "läraren på plats varannan vecka.",
        "Kortare kö och lika möjligheter för barn på landsbygden.",
        "Kulturskolan",
        ("landsbygd", "kultur"),
        "citizen",
        "landsbygd",
    ),
    IdeaText(
        "Påminnelse via sms inför vårdplaneringsmöten",
        "Brukare och anhöriga får ett sms dagen före mötet med tid, plats och vem de ska träffa.",
        "Färre missade möten.",
        "Biståndsenheten",
        ("digitalisering", "omsorg"),
        "staff",
        "digitalt",
    ),
    IdeaText(
        "Turistinformation i lokala caféer",
        "Caféer och gårdsbutiker får material och en kort utbildning så att de kan tipsa "
        "besökare om bygden.",
        "Fler besökare stannar längre och handlar lokalt.",
        "Näringslivsenheten",
        ("besöksnäring", "landsbygd"),
        "business",
        "näringsliv",
    ),
    IdeaText(
        "Lokal matproduktion i offentliga kök",
        "Mindre upphandlingsposter gör det möjligt för lokala bönder att leverera grönsaker "
        "och kött till skolor och äldreboenden.",
        "Bättre mat, kortare transporter och fler lokala företag.",
        "Kostenheten",
        ("upphandling", "hållbarhet"),
        "business",
        "näringsliv",
    ),
    IdeaText(
        "Gemensam rekryteringsmässa för kommunerna",
        "Kommunerna i samverkan ordnar en mässa där alla lediga jobb presenteras och "
        "intervjuer kan ske på plats.",
        "Fler sökande och en starkare bild av regionen som arbetsgivare.",
        "HR-avdelningen",
        ("kompetensförsörjning", "samverkan"),
        "staff",
        "kompetens",
    ),
    IdeaText(
        "Idéslussens coachning för föreningar",
        "Föreningar som vill utveckla en idé för bygden kan få stöd av kommunens idécoacher "
        "några timmar.",
        "Fler idéer från civilsamhället blir verklighet.",
        "Kommunledningen",
        ("föreningsliv", "innovationskultur"),
        "association",
        "föreningsliv",
    ),
    IdeaText(
        "Enklare ansökan om föreningsbidrag",
        "En kortare e-tjänst där uppgifter från förra årets ansökan är ifyllda.",
        "Mindre administration för ideella ledare.",
        "Fritid",
        ("föreningsliv", "e-tjänster"),
        "association",
        "föreningsliv",
    ),
    IdeaText(
        "Skärmtid med sjuksköterskan för hemsjukvården",
        "Enklare uppföljningar görs via videosamtal i stället för hembesök, om patienten vill.",
        "Mer tid för besök som behöver göras på plats.",
        "Hemsjukvården",
        ("välfärdsteknik", "hemsjukvård"),
        "staff",
        "omsorg",
    ),
    IdeaText(
        "Sensorer som larmar om fukt i kommunens lokaler",
        "Billiga sensorer i källare och våtrum larmar innan en vattenskada blir stor.",
        "Lägre kostnader för vattenskador.",
        "Fastighetsenheten",
        ("digitalisering", "fastigheter"),
        "staff",
        "digitalt",
    ),
    IdeaText(
        "Lånebibliotek för verktyg och fritidsutrustning",
        "Invånare lånar verktyg, tält och skridskor på biblioteket precis som böcker.",
        "Mindre konsumtion och fler som kan pröva nya fritidsaktiviteter.",
        "Kultur och bibliotek",
        ("hållbarhet", "bibliotek"),
        "citizen",
        "hållbarhet",
    ),
    IdeaText(
        "Gemensam larmcentral för trygghetslarm",
        "Kommunerna i samverkan tar emot trygghetslarm i en gemensam central dygnet runt.",
        "Jämn kvalitet och lägre kostnad per larm.",
        "Vård och omsorg",
        ("samverkan", "välfärdsteknik"),
        "staff",
        "omsorg",
    ),
)

# Places within each demo organisation, so that titles read like local work.
PLACES: dict[str, tuple[str, ...]] = {
    "tranas": ("i Tranås", "i Kinda", "i Aneby", "i Ydre", "i Rimforsa", "i Österbymo"),
    "sundsvallsregionen": ("i Sundsvall", "i Timrå", "i Härnösand", "i Ånge", "i Matfors"),
    "pitea-skelleftea": ("i Piteå", "i Skellefteå", "i Norrfjärden", "i Byske", "i Hortlax"),
    "orebro": ("i Vivalla", "i Brickebacken", "i Adolfsberg", "på Väster", "i Glanshammar"),
    "lerum": ("i Gråbo", "i Floda", "i Stenkullen", "i Lerums centrum", "i Tollered"),
}

NEEDS: tuple[NeedText, ...] = (
    NeedText(
        "Kompetensförsörjning i äldreomsorgen",
        "Svårt att rekrytera undersköterskor till hemtjänsten i de mindre orterna.",
        "Vård och omsorg",
        "Brukare i hemtjänsten och personal som går extra pass.",
        "kompetens",
    ),
    NeedText(
        "Kommunal service på landsbygden",
        "Invånare långt från centralorten når inte kommunens service på ett enkelt sätt.",
        "Kommunledningen",
        "Invånare i byarna, särskilt äldre utan bil.",
        "landsbygd",
    ),
    NeedText(
        "Nattliga körningar i hemtjänsten",
        "Nattpatrullen kör långa sträckor för korta tillsynsbesök som väcker brukarna.",
        "Hemtjänst natt",
        "Brukare med nattillsyn och nattpersonalen.",
        "omsorg",
    ),
    NeedText(
        "Långa svarstider i kontaktcenter",
        "Invånare väntar länge i telefon med enkla frågor som kunde besvarats på webben.",
        "Kontaktcenter",
        "Alla invånare som kontaktar kommunen.",
        "digitalt",
    ),
    NeedText(
        "Manuell hantering av återkommande ärenden",
        "Handläggare lägger mycket tid på att flytta uppgifter mellan system för hand.",
        "Ekonomi och administration",
        "Handläggare i flera förvaltningar.",
        "digitalt",
    ),
    NeedText(
        "Elever som inte fullföljer gymnasiet",
        "För många unga lämnar gymnasiet utan examen, oftare pojkar.",
        "Utbildningsförvaltningen",
        "Unga 16–20 år och deras familjer.",
        "skola",
    ),
    NeedText(
        "Matsvinn i offentliga kök",
        "Skolor och äldreboenden slänger mycket mat som lagats.",
        "Kostenheten",
        "Skolkök, matsalar och miljön.",
        "hållbarhet",
    ),
    NeedText(
        "Minskade utsläpp från kommunens transporter",
        "Kommunens egna bilar står för en stor del av utsläppen.",
        "Kommunledningen",
        "Alla förvaltningar med fordon.",
        "hållbarhet",
    ),
    NeedText(
        "Fler lokala företag i offentliga upphandlingar",
        "Små lokala företag lämnar sällan anbud i kommunens upphandlingar.",
        "Upphandlingsenheten",
        "Lokala småföretag.",
        "näringsliv",
    ),
    NeedText(
        "Enklare kontakt för företag som vill etablera sig",
        "Företag möter flera förvaltningar med olika besked.",
        "Näringslivsenheten",
        "Företagare och den som vill starta företag.",
        "näringsliv",
    ),
    NeedText(
        "Färre ideella ledare i föreningslivet",
        "Föreningar har svårt att hitta ledare och lägger mycket tid på administration.",
        "Fritid",
        "Föreningar och barn och unga som deltar i deras verksamhet.",
        "föreningsliv",
    ),
    NeedText(
        "Innovationsförmåga hos chefer",
        "Chefer saknar tid och verktyg för att leda förändring och ta tillvara medarbetarnas "
        "idéer.",
        "HR-avdelningen",
        "Chefer och deras medarbetare.",
        "kultur",
    ),
    NeedText(
        "Ensamhet bland äldre",
        "Många äldre som bor hemma träffar sällan andra.",
        "Vård och omsorg",
        "Äldre som bor hemma och deras anhöriga.",
        "omsorg",
    ),
    NeedText(
        "Otrygga platser i bostadsområden",
        "Invånare undviker vissa platser efter mörkrets inbrott.",
        "Samhällsbyggnad",
        "Invånare i bostadsområdena, särskilt kvinnor och unga.",
        "landsbygd",
    ),
)

# Calls for ideas: (title, problem, audiences, the theme of the needs it answers).
CALLS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "Idéer för fler händer i omsorgen",
        "Hur får vi fler att vilja arbeta och stanna i vård och omsorg, särskilt i de mindre "
        "orterna?",
        ("staff",),
        "kompetens",
    ),
    (
        "Kommunens service där du bor",
        "Hur kan kommunens service komma närmare invånare på landsbygden?",
        ("citizen", "business", "association"),
        "landsbygd",
    ),
    (
        "Digitalt först – utifrån invånarnas behov",
        "Vilka ärenden borde gå att sköta digitalt, och hur gör vi det enkelt för alla?",
        ("staff", "citizen", "business"),
        "digitalt",
    ),
    (
        "Hållbar vardag i kommunens verksamheter",
        "Hur minskar vi matsvinn, utsläpp och onödiga inköp i våra egna verksamheter?",
        (),
        "hållbarhet",
    ),
)

METHODS: tuple[tuple[str, str, str, str], ...] = (
    # kind, title, description, location (testbeds)
    (
        "method",
        "Idécoachprogrammet",
        "Så arbetar idécoacherna: första samtalet, idéskiss, förädling med användarna och "
        "underlag till idérådet.",
        "",
    ),
    (
        "method",
        "Test i liten skala",
        "Tre enheter prövar först under en begränsad tid, med framgångsmått bestämda i förväg "
        "och en utvärdering innan beslut om spridning.",
        "",
    ),
    (
        "method",
        "Tjänstedesign med brukare",
        "Intervjuer, observationer och prototyper tillsammans med dem som använder tjänsten.",
        "",
    ),
    (
        "tool",
        "Idéskissen",
        "En sida som beskriver problemet, idén, vem som har nytta av den och hur den kan testas.",
        "",
    ),
    (
        "tool",
        "Nyttokalkyl för test",
        "Ett kalkylark som jämför kostnad och förväntad nytta före och efter ett test.",
        "",
    ),
    (
        "testbed",
        "Testbädd hemtjänst",
        "En hemtjänstgrupp som tar emot tester av välfärdsteknik med stöd av en "
        "verksamhetsutvecklare.",
        "Hemtjänstens lokaler",
    ),
    (
        "testbed",
        "Testskolan",
        "En grundskola där lärare och elever prövar nya arbetssätt och digitala verktyg.",
        "Centralortens grundskola",
    ),
)

WORKSHOPS = (
    "Idéworkshop: framtidens hemtjänst",
    "Idéworkshop: service på landsbygden",
    "Idéworkshop: digitala tjänster med invånare",
    "Idéworkshop: hållbar vardag",
    "Idéworkshop med föreningslivet",
    "Idéworkshop med näringslivet",
)
TRAININGS = (
    "Innovativ chef, del 1: att leda förändring",
    "Innovativ chef, del 2: att ta tillvara idéer",
    "Utbildning för nya idécoacher",
)
NETWORK_MEETINGS = ("Nätverksträff för idéslussar", "Erfarenhetsutbyte med grannkommunerna")

COACH_NOTES = (
    "Första samtalet hållet. Idégivaren har tänkt igenom problemet väl; vi behöver prata med "
    "fler som berörs.",
    "Vi har gjort en idéskiss tillsammans och listat vilka enheter som kan testa.",
    "Kostnaden verkar rimlig. Nästa steg är att stämma av med verksamhetschefen.",
    "Användarna vi intervjuade bekräftar behovet men vill ha en enklare lösning.",
    "Underlaget till idérådet är nästan klart; framgångsmåtten behöver skärpas.",
)
NEXT_STEPS = (
    "Boka möte med verksamhetschefen",
    "Intervjua tre brukare om behovet",
    "Skriva idéskiss",
    "Ta fram kostnadsuppskattning",
    "Förbereda underlag till idérådet",
    "Hitta enheter som vill testa",
    "Stämma av med IT om säkerheten",
    "Sammanställa resultaten från testet",
)
MEASURES = (
    ("Andel nöjda användare", "minst 80 %"),
    ("Sparad tid per vecka", "minst 5 timmar"),
    ("Minskad kostnad", "-15 %"),
    ("Antal användare efter tre månader", "minst 50"),
    ("Färre klagomål", "-30 %"),
)
STAFF_NAMES = (
    ("Anna", "Lindqvist", "woman"),
    ("Erik", "Johansson", "man"),
    ("Maria", "Nilsson", "woman"),
    ("Johan", "Berg", "man"),
    ("Fatima", "Hassan", "woman"),
    ("Lars", "Persson", "man"),
    ("Sara", "Karlsson", "woman"),
    ("Mikael", "Holm", "man"),
)
CONTACT_FIRST = (
    ("Karin", "woman"),
    ("Per", "man"),
    ("Elin", "woman"),
    ("Ahmed", "man"),
    ("Ingrid", "woman"),
    ("Nils", "man"),
    ("Lena", "woman"),
    ("Oskar", "man"),
    ("Amira", "woman"),
    ("Gustav", "man"),
    ("Kim", ""),
)
CONTACT_LAST = ("Ek", "Sjöberg", "Lund", "Axelsson", "Öberg", "Dahl", "Strand", "Wik")
BUSINESSES = (
    "Byns Livs AB",
    "Sjöviks Gård",
    "Norrbygdens El & Energi",
    "Lokalbageriet",
    "Skogsbrynets Café",
    "IT-konsult i Bygden AB",
)
ASSOCIATIONS = (
    "Byalaget",
    "IK Framåt",
    "PRO lokalavdelning",
    "Hembygdsföreningen",
    "Föräldraföreningen",
    "Naturskyddsföreningen lokalkrets",
)
