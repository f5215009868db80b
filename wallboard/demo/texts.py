"""Names, customer comments and follow-up notes of the demo, in Danish, Polish and English.

Markers filled by wallboard.demo: {employee} is the employee's first name, {phone} and {email}
the customer's contact details; [male|female] follows the employee's grammatical gender and
<male|female> the customer's (Polish past tense and adjectives change with it).
"""

from __future__ import annotations

# (female first names, male first names) per language.
FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "da": (
        ("Mette", "Anne", "Camilla", "Louise", "Sofie", "Maria", "Ida", "Line", "Signe", "Julie",
         "Katrine", "Helle", "Susanne", "Lene", "Pernille", "Emma", "Freja", "Hanne",
         "Birgitte", "Karen", "Ditte", "Trine", "Nanna", "Astrid"),
        ("Lars", "Jens", "Søren", "Mads", "Rasmus", "Anders", "Henrik", "Niels", "Peter",
         "Martin", "Thomas", "Jesper", "Kasper", "Frederik", "Mikkel", "Christian", "Morten",
         "Ole", "Bo", "Jakob", "Emil", "Oliver", "Torben", "Asger"),
    ),
    "pl": (
        ("Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Magdalena", "Joanna", "Ewa", "Monika",
         "Aleksandra", "Karolina", "Natalia", "Zofia", "Barbara", "Justyna", "Paulina", "Dorota",
         "Beata", "Marta", "Julia", "Weronika", "Halina", "Grażyna"),
        ("Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Łukasz",
         "Grzegorz", "Adam", "Marek", "Andrzej", "Wojciech", "Kamil", "Mateusz", "Rafał",
         "Bartosz", "Dariusz", "Szymon", "Jan", "Zbigniew", "Stanisław"),
    ),
    "en": (
        ("Sarah", "Emma", "Laura", "Rachel", "Hannah", "Charlotte", "Sophie", "Emily", "Rebecca",
         "Claire", "Lucy", "Amy", "Jessica", "Olivia", "Grace", "Helen", "Nicola", "Kate",
         "Megan", "Chloe", "Aoife", "Niamh"),
        ("James", "Oliver", "Thomas", "Daniel", "Matthew", "David", "Michael", "Richard",
         "Andrew", "Christopher", "Jack", "Harry", "George", "William", "Samuel", "Ben", "Paul",
         "Mark", "Liam", "Ryan", "Conor", "Gareth"),
    ),
}

# Family names; "male/female" where Polish grammar needs two forms.
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "da": ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
           "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
           "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Lund", "Holm",
           "Dahl", "Bach", "Frederiksen", "Mikkelsen", "Kjær", "Skov", "Vestergaard",
           "Østergaard"),
    "pl": ("Nowak", "Kowalski/Kowalska", "Wiśniewski/Wiśniewska", "Wójcik", "Kowalczyk",
           "Kamiński/Kamińska", "Lewandowski/Lewandowska", "Zieliński/Zielińska",
           "Szymański/Szymańska", "Woźniak", "Dąbrowski/Dąbrowska", "Kozłowski/Kozłowska",
           "Jankowski/Jankowska", "Mazur", "Kwiatkowski/Kwiatkowska", "Krawczyk",
           "Piotrowski/Piotrowska", "Grabowski/Grabowska", "Pawłowski/Pawłowska",
           "Michalski/Michalska", "Król", "Wieczorek", "Jabłoński/Jabłońska", "Wróbel",
           "Nowicki/Nowicka", "Majewski/Majewska", "Olszewski/Olszewska", "Stępień",
           "Górski/Górska", "Kaczmarek"),
    "en": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
           "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Hughes", "Edwards", "Turner",
           "Lewis", "Harris", "Cooper", "Hill", "Ward", "Morris", "Murphy", "O'Brien", "Kelly",
           "Byrne"),
}

COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "promoter": (
            "Hurtig og venlig betjening. {employee} løste det hele på under fem minutter.",
            "Super service! Jeg fik svar samme dag.",
            "{employee} var utrolig tålmodig og forklarede regningen, så jeg forstod den.",
            "Kort ventetid i telefonen, og problemet blev løst i første opkald.",
            "Første gang jeg har oplevet en kundeservice, der ringer tilbage, når de lover det.",
            "Meget professionel og imødekommende. Tak for hjælpen!",
            "Jeg fik min refusion allerede dagen efter. Flot.",
            "{employee} tog sig god tid og fandt en løsning, jeg ikke selv havde tænkt på.",
            "Nemt, hurtigt og uden bøvl.",
            "Venligt personale og klar besked om, hvad der skulle ske.",
            "Teknikeren kom til tiden og ryddede op efter sig.",
            "Jeg var ret frustreret, da jeg ringede, men {employee} vendte det fuldstændigt.",
            "Fantastisk opfølgning – I ringede endda for at høre, om alt virkede.",
            "Bedste kundeservice, jeg har været i kontakt med i år.",
            "Chatten var hurtig, og svaret var præcist.",
            "Tak til {employee} for at gå den ekstra mil!",
            "Rigtig god rådgivning. Jeg endte med et billigere abonnement.",
            "Alt fungerede, som det skulle. Sådan skal det være.",
            "Jeg anbefaler jer gerne til familie og venner.",
            "Ingen ventetid og en meget kompetent medarbejder.",
            "{employee} var smilende og rolig, selvom der var travlt i butikken.",
            "Fakturaen blev rettet med det samme, og jeg fik en kreditnota på mail.",
            "God og ærlig snak om mulighederne. Intet mersalg.",
            "Hurtig levering og ordentlig emballage.",
            "Jeg blev positivt overrasket over, hvor nemt det var at skifte.",
            "Super at I kunne hjælpe om lørdagen.",
            "Dejligt at tale med et rigtigt menneske og ikke en robot.",
            "{employee} huskede min sag fra sidst – det betyder meget.",
            "Problemet med routeren er væk. Tusind tak!",
            "Klar kommunikation hele vejen igennem.",
            "Effektivt og venligt. 10 ud af 10.",
            "Jeg fik en sms, da teknikeren var på vej. Smart!",
            "Meget hjælpsom medarbejder, der virkelig lyttede.",
            "Det tog to minutter at få svar på mit spørgsmål om fakturaen.",
            "I er blevet meget bedre siden sidste år.",
            "{employee} guidede min mor igennem opsætningen med stor tålmodighed.",
            "Hurtigt svar på mail, og sagen blev lukket samme dag.",
            "Rart med en fast kontaktperson. Tak, {employee}.",
            "Helt i top. Mere kan man ikke forlange.",
            "Installationen gik glat, og alt blev forklaret grundigt.",
            "Jeg havde lavet en fejl i bestillingen, men I rettede den uden problemer.",
            "Venlig, hurtig og kompetent – tak!",
        ),
        "passive": (
            "Fin service, men ventetiden i telefonen var lidt lang.",
            "Det blev løst til sidst, men det krævede to opkald.",
            "{employee} var sød, men jeg forstår stadig ikke helt min regning.",
            "OK oplevelse. Intet at klage over, men heller ikke noget særligt.",
            "Teknikeren var dygtig, men kom en time for sent.",
            "Godt produkt, men jeres hjemmeside er svær at finde rundt i.",
            "Hjælpsomt personale, men jeg ventede 20 minutter i kø.",
            "Det virker nu, men det tog længere tid end lovet.",
            "Fin kontakt med {employee}, men jeg måtte selv følge op.",
            "Prisen er lidt høj i forhold til konkurrenterne.",
            "Svaret var korrekt, men lidt kort for hovedet.",
            "Alt i alt tilfreds, men bekræftelsesmailen kom aldrig.",
            "God betjening, men jeg blev stillet om tre gange.",
            "Det var nemt nok, men appen logger mig ud hele tiden.",
            "Venlig modtagelse. Dog lidt uklart, hvornår pengene kommer retur.",
            "Tilfredsstillende, men ikke imponerende.",
            "{employee} gjorde sit bedste, men systemet var nede.",
            "Leveringen var til tiden, men varen var ikke helt som beskrevet.",
            "Jeg fik hjælp, men måtte forklare min sag forfra to gange.",
            "OK service. Åbningstiderne kunne være længere.",
            "Rimelig hurtig løsning, men jeg mangler stadig en skriftlig bekræftelse.",
            "Chatten var hurtig, men svarene virkede lidt standard.",
            "Fint nok. Jeg havde bare forventet, at det var klaret første gang.",
            "Søde folk, men regningen er stadig forvirrende.",
            "Det fungerer, men opsætningen var ikke særlig intuitiv.",
            "Fin oplevelse, men jeg savner at kunne booke tid online.",
            "Hjælpen var god, men ventemusikken er ulidelig.",
            "{employee} var venlig og hurtig. Produktet skuffer dog lidt.",
            "Det var i orden. Lidt dyrt for en ekstra ledning.",
            "Godt svar på mail, men det tog tre dage.",
            "Middel. Det løste problemet, men det kommer nok igen.",
            "Teknikeren var flink, men glemte at tage den gamle boks med.",
            "Fornuftig service, men I kunne godt være mere proaktive.",
            "Helt ok, men prisstigningen var ikke varslet ordentligt.",
            "Jeg er tilfreds med løsningen, mindre med ventetiden.",
            "God rådgivning, men jeg fik to forskellige svar fra to medarbejdere.",
            "Det gik fint, men jeg skulle selv opdage fejlen.",
            "Fin service i butikken, men der var lang kø ved kassen.",
            "Hurtig levering, men ingen besked om, hvornår den kom.",
            "{employee} var hjælpsom, men jeg venter stadig på en kreditnota.",
            "Alt i orden, bortset fra at fakturaen kom to gange.",
            "Nogenlunde. Der er plads til forbedring.",
        ),
        "detractor": (
            "Over 40 minutter i telefonkø. Det er ikke i orden.",
            "Min regning er forkert for tredje måned i træk.",
            "Teknikeren kom aldrig, og ingen ringede for at sige det.",
            "Jeg er blevet lovet et opkald tre gange. Intet er sket.",
            "Uforståelig faktura med gebyrer, som ingen har forklaret mig.",
            "Dårlig service. Jeg blev afbrudt midt i samtalen.",
            "{employee} lovede at ringe tilbage, men det skete aldrig.",
            "Internettet har været nede i fire dage, og I kan ikke give mig en dato.",
            "Jeg blev sendt rundt mellem afdelinger uden at få svar.",
            "Alt for dyrt, og ingen ville hjælpe mig med at finde et billigere abonnement.",
            "Svar på min mail efter to uger. Det er for langsomt.",
            "Jeg har opsagt, men bliver stadig opkrævet.",
            "Meget uvenlig medarbejder, der virkede ligeglad.",
            "Pakken blev væk, og nu skal jeg selv jagte fragtfirmaet.",
            "Jeg fik et forkert svar, som kostede mig penge.",
            "Ingen undskyldning, ingen kompensation. Skuffende.",
            "Appen virker ikke, og supporten siger bare, at jeg skal geninstallere.",
            "Jeg ventede hjemme hele dagen forgæves.",
            "Man kan ikke få fat i et menneske. Kun automatiske svar.",
            "Jeg føler mig snydt af prisstigningen.",
            "{employee} var venlig, men kunne intet gøre. Hvorfor har I ingen beføjelser?",
            "Fjerde gang, jeg ringer om det samme. Nu er jeg træt.",
            "Refusionen er stadig ikke kommet efter en måned.",
            "Bestillingen blev annulleret uden forklaring.",
            "Jeg blev lovet gratis installation og fik en regning på 499 kr.",
            "Teknikeren efterlod et rod og gik uden at teste forbindelsen.",
            "Det tog en evighed at komme igennem, og så blev jeg lagt på.",
            "Kontrakten siger noget andet end det, sælgeren fortalte mig.",
            "Chatten lukkede, mens jeg ventede. Ærgerligt.",
            "Nedbrud igen. Det er anden gang i denne uge.",
            "Ingen har styr på min sag. Jeg skal forklare det hele hver gang.",
            "Jeg fik en rykker for en regning, jeg allerede har betalt.",
            "Det er alt for besværligt at opsige.",
            "Ventetiden er blevet meget længere end før.",
            "Jeg forstår ikke, hvorfor jeg skal betale for jeres fejl.",
            "{employee} afbrød mig flere gange og lyttede ikke.",
            "Leveringen var fem dage forsinket uden besked.",
            "Alt for mange skjulte gebyrer.",
            "Den nye router virker dårligere end den gamle.",
            "Jeg har fået tre forskellige svar på det samme spørgsmål.",
            "Elendig oplevelse fra start til slut.",
            "Jeg skifter udbyder, så snart bindingsperioden udløber.",
        ),
    },
    "pl": {
        "promoter": (
            "Szybka i miła obsługa. {employee} [załatwił|załatwiła] wszystko w kilka minut.",
            "Super obsługa! Odpowiedź przyszła jeszcze tego samego dnia.",
            "{employee} cierpliwie [wytłumaczył|wytłumaczyła] mi fakturę punkt po punkcie.",
            "Krótkie czekanie na infolinii i problem rozwiązany przy pierwszym kontakcie.",
            "Pierwszy raz ktoś oddzwonił dokładnie wtedy, kiedy obiecał.",
            "Bardzo profesjonalnie i uprzejmie. Dziękuję!",
            "Zwrot pieniędzy był na koncie już następnego dnia. Brawo.",
            "{employee} [znalazł|znalazła] rozwiązanie, na które <sam|sama> bym nie "
            "<wpadł|wpadła>.",
            "Prosto, szybko i bez zbędnych formalności.",
            "Miły personel i jasna informacja, co dalej.",
            "Technik przyjechał punktualnie i posprzątał po sobie.",
            "<Byłem|Byłam> mocno <zdenerwowany|zdenerwowana>, ale {employee} [uspokoił|uspokoiła]"
            " sytuację i wszystko [naprawił|naprawiła].",
            "Świetna obsługa posprzedażowa – nawet zadzwonili sprawdzić, czy wszystko działa.",
            "Najlepsza obsługa klienta, z jaką <miałem|miałam> do czynienia w tym roku.",
            "Czat odpowiedział błyskawicznie i konkretnie.",
            "Ogromne podziękowania – {employee} to prawdziwy skarb!",
            "Bardzo dobre doradztwo. Teraz płacę mniej za abonament.",
            "Wszystko działa tak, jak powinno. Tak trzymać!",
            "Chętnie polecę Was rodzinie i znajomym.",
            "Zero czekania i bardzo kompetentna osoba po drugiej stronie.",
            "{employee} [był|była] [uśmiechnięty|uśmiechnięta] i [spokojny|spokojna] mimo "
            "kolejki.",
            "Fakturę poprawiono od ręki, korekta przyszła mailem.",
            "Uczciwa rozmowa o możliwościach, bez wciskania dodatkowych usług.",
            "Szybka dostawa i porządnie zapakowana przesyłka.",
            "Jestem <pozytywnie zaskoczony|pozytywnie zaskoczona>, jak łatwo poszła zmiana "
            "taryfy.",
            "Super, że można było załatwić sprawę w sobotę.",
            "Miło porozmawiać z człowiekiem, a nie z automatem.",
            "{employee} [pamiętał|pamiętała] moją sprawę z poprzedniej rozmowy – to dużo znaczy.",
            "Problem z routerem zniknął. Wielkie dzięki!",
            "Jasna komunikacja od początku do końca.",
            "Sprawnie i sympatycznie. 10/10.",
            "SMS z informacją, że technik jest w drodze – świetna sprawa.",
            "Konsultantka naprawdę słuchała, a nie tylko czytała ze skryptu.",
            "Odpowiedź na pytanie o fakturę w dwie minuty.",
            "Widać ogromną poprawę w porównaniu z zeszłym rokiem.",
            "{employee} z anielską cierpliwością [przeprowadził|przeprowadziła] moją mamę przez "
            "konfigurację.",
            "Szybka odpowiedź na maila i sprawa zamknięta tego samego dnia.",
            "Fajnie mieć stałą osobę kontaktową – {employee} zawsze pomoże.",
            "Wszystko na najwyższym poziomie.",
            "Instalacja przebiegła bez problemów, wszystko dokładnie wyjaśnione.",
            "<Pomyliłem|Pomyliłam> się w zamówieniu, ale od razu to poprawiliście.",
            "Uprzejmie, szybko i kompetentnie – dziękuję!",
        ),
        "passive": (
            "Obsługa w porządku, ale długo <czekałem|czekałam> na połączenie.",
            "Udało się, ale dopiero za drugim telefonem.",
            "{employee} [był|była] [miły|miła], ale dalej nie rozumiem swojej faktury.",
            "Poprawnie. Nie mam zastrzeżeń, ale nic szczególnego.",
            "Technik znał się na rzeczy, ale spóźnił się godzinę.",
            "Produkt dobry, ale strona internetowa jest nieczytelna.",
            "Pomocny personel, ale 20 minut w kolejce to za dużo.",
            "Działa, ale trwało to dłużej, niż obiecano.",
            "{employee} [był|była] [pomocny|pomocna], ale <sam|sama> <musiałem|musiałam> "
            "pilnować sprawy.",
            "Cena trochę wysoka w porównaniu z konkurencją.",
            "Odpowiedź poprawna, ale zbyt lakoniczna.",
            "Ogólnie ok, tylko mail z potwierdzeniem nigdy nie dotarł.",
            "Dobra obsługa, ale trzy razy mnie przełączano.",
            "Łatwo poszło, ale aplikacja ciągle mnie wylogowuje.",
            "Miło, ale nie wiem, kiedy dostanę zwrot.",
            "Zadowalająco, choć bez rewelacji.",
            "{employee} [robił, co mógł|robiła, co mogła], ale system nie działał.",
            "Dostawa na czas, ale produkt nie do końca zgodny z opisem.",
            "Pomogli, ale <musiałem|musiałam> dwa razy tłumaczyć wszystko od nowa.",
            "Obsługa ok. Godziny otwarcia mogłyby być dłuższe.",
            "Dość szybko, ale nadal czekam na pisemne potwierdzenie.",
            "Czat szybki, ale odpowiedzi jak z szablonu.",
            "W porządku. <Liczyłem|Liczyłam> jednak, że uda się za pierwszym razem.",
            "Mili ludzie, ale rachunek nadal jest niezrozumiały.",
            "Działa, ale konfiguracja nie była intuicyjna.",
            "Dobrze, ale brakuje mi możliwości umówienia wizyty online.",
            "Pomoc dobra, ale muzyka na infolinii jest nie do zniesienia.",
            "{employee} – szybko i miło. Sam produkt trochę rozczarowuje.",
            "W porządku, choć drogo jak za dodatkowy kabel.",
            "Dobra odpowiedź mailowa, ale po trzech dniach.",
            "Średnio. Problem rozwiązany, ale pewnie wróci.",
            "Technik sympatyczny, ale nie zabrał starego dekodera.",
            "Rozsądna obsługa, ale moglibyście być bardziej proaktywni.",
            "Ok, ale o podwyżce ceny nikt porządnie nie poinformował.",
            "Z rozwiązania <zadowolony|zadowolona>, z czasu oczekiwania mniej.",
            "Dobre doradztwo, tylko dwóch konsultantów powiedziało mi co innego.",
            "Poszło dobrze, ale błąd <musiałem|musiałam> wyłapać <sam|sama>.",
            "Miła obsługa w salonie, ale długa kolejka do kasy.",
            "Szybka dostawa, ale bez informacji, kiedy kurier przyjedzie.",
            "{employee} [pomógł|pomogła], ale wciąż czekam na fakturę korygującą.",
            "Wszystko ok, poza tym, że faktura przyszła dwa razy.",
            "Tak sobie. Jest co poprawiać.",
        ),
        "detractor": (
            "Ponad 40 minut na infolinii. To nie do przyjęcia.",
            "Trzeci miesiąc z rzędu błędna faktura.",
            "Technik nie przyjechał i nikt nie zadzwonił, żeby uprzedzić.",
            "Trzy razy obiecano mi telefon zwrotny. Cisza.",
            "Niezrozumiała faktura z opłatami, których nikt mi nie wyjaśnił.",
            "Słaba obsługa. Rozmowa została przerwana w połowie.",
            "{employee} [obiecał|obiecała] oddzwonić, ale nigdy tego nie [zrobił|zrobiła].",
            "Internet nie działa od czterech dni, a Wy nie potraficie podać terminu naprawy.",
            "Odsyłano mnie od działu do działu bez żadnej odpowiedzi.",
            "Za drogo, a nikt nie chciał pomóc znaleźć tańszego abonamentu.",
            "Odpowiedź na maila po dwóch tygodniach. Zdecydowanie za wolno.",
            "<Wypowiedziałem|Wypowiedziałam> umowę, a nadal pobieracie opłaty.",
            "Bardzo niemiła osoba, której było wszystko jedno.",
            "Paczka zaginęła, a ja mam <sam|sama> szukać kuriera.",
            "Błędna informacja, która kosztowała mnie pieniądze.",
            "Ani przeprosin, ani rekompensaty. Rozczarowanie.",
            "Aplikacja nie działa, a wsparcie każe tylko ją przeinstalować.",
            "Cały dzień <czekałem|czekałam> w domu na próżno.",
            "Nie da się porozmawiać z człowiekiem. Tylko automatyczne odpowiedzi.",
            "Czuję się <oszukany|oszukana> tą podwyżką.",
            "{employee} [był|była] [uprzejmy|uprzejma], ale nic nie [mógł|mogła] zrobić. "
            "Dlaczego konsultanci nie mają uprawnień?",
            "Dzwonię czwarty raz w tej samej sprawie. Mam dość.",
            "Zwrotu dalej nie ma, a minął miesiąc.",
            "Zamówienie anulowane bez słowa wyjaśnienia.",
            "Obiecano darmową instalację, a przyszła faktura na 199 zł.",
            "Technik zostawił bałagan i wyszedł, nie sprawdzając połączenia.",
            "Wieki czekania na połączenie, a potem ktoś się rozłączył.",
            "W umowie jest co innego, niż mówił sprzedawca.",
            "Czat się zamknął, kiedy <czekałem|czekałam> na odpowiedź.",
            "Znowu awaria. Druga w tym tygodniu.",
            "Nikt nie ogarnia mojej sprawy. Za każdym razem tłumaczę wszystko od nowa.",
            "<Dostałem|Dostałam> wezwanie do zapłaty za rachunek, który już "
            "<opłaciłem|opłaciłam>.",
            "Rezygnacja z usługi to droga przez mękę.",
            "Czas oczekiwania jest dużo dłuższy niż kiedyś.",
            "Dlaczego mam płacić za Wasze błędy?",
            "{employee} ciągle mi [przerywał|przerywała] i w ogóle nie [słuchał|słuchała].",
            "Dostawa opóźniona o pięć dni, bez żadnej informacji.",
            "Za dużo ukrytych opłat.",
            "Nowy router działa gorzej niż stary.",
            "Trzy różne odpowiedzi na to samo pytanie.",
            "Fatalna obsługa od początku do końca.",
            "Zmieniam operatora, jak tylko skończy się umowa.",
        ),
    },
    "en": {
        "promoter": (
            "Quick and friendly. {employee} sorted everything in under five minutes.",
            "Brilliant service, got an answer the same day.",
            "{employee} was so patient explaining my bill line by line.",
            "Hardly any wait on the phone and fixed on the first call.",
            "First time a company has actually called me back when they said they would.",
            "Really professional and polite. Thank you!",
            "Refund was in my account the next morning. Impressive.",
            "{employee} came up with a fix I hadn't even thought of.",
            "Easy, quick and no hassle.",
            "Friendly staff and clear about what happens next.",
            "The engineer arrived on time and tidied up afterwards.",
            "I was pretty fed up when I rang, but {employee} completely turned it around.",
            "Great follow-up – you even rang to check everything was working.",
            "Best customer service I've dealt with all year.",
            "Live chat was fast and the answer was spot on.",
            "Huge thanks to {employee} for going the extra mile!",
            "Really good advice, I'm now on a cheaper plan.",
            "Everything just worked. That's how it should be.",
            "Would happily recommend you to friends and family.",
            "No waiting and a very knowledgeable person on the line.",
            "{employee} stayed calm and cheerful even though it was clearly busy.",
            "Invoice corrected straight away and the credit note arrived by email.",
            "Honest conversation about my options, no hard sell.",
            "Fast delivery and well packaged.",
            "Pleasantly surprised how easy it was to switch.",
            "Great that you could help on a Saturday.",
            "Lovely to speak to a real person and not a bot.",
            "{employee} remembered my case from last time – that means a lot.",
            "Router problem is gone. Thanks a million!",
            "Clear communication from start to finish.",
            "Efficient and friendly. 10 out of 10.",
            "Got a text when the engineer was on the way. Very handy.",
            "Really helpful, actually listened instead of reading from a script.",
            "Took two minutes to get an answer about my invoice.",
            "You've really improved since last year.",
            "{employee} talked my dad through the setup with endless patience.",
            "Quick reply to my email and the case was closed the same day.",
            "Nice having one contact who knows my account. Cheers, {employee}.",
            "Spot on. Couldn't ask for more.",
            "Installation went smoothly and everything was explained properly.",
            "I'd made a mistake on my order but you fixed it without any fuss.",
            "Friendly, fast and competent – thanks!",
        ),
        "passive": (
            "Good service but the wait on the phone was a bit long.",
            "Got sorted in the end, but it took two calls.",
            "{employee} was lovely, but I still don't really understand my bill.",
            "Fine. Nothing to complain about, nothing special either.",
            "The engineer knew their stuff but turned up an hour late.",
            "Good product, but your website is hard to find your way around.",
            "Helpful staff, but I waited 20 minutes in the queue.",
            "It works now, but it took longer than promised.",
            "{employee} was helpful, but I had to chase it up myself.",
            "Price is a bit steep compared with others.",
            "Answer was correct but a bit curt.",
            "Happy overall, but the confirmation email never came.",
            "Good service but I was transferred three times.",
            "Easy enough, but the app keeps logging me out.",
            "Friendly, but still unclear when I'll get my money back.",
            "Satisfactory, not amazing.",
            "{employee} did their best but the system was down.",
            "Delivered on time, but not quite as described.",
            "Got help, but had to explain everything from scratch twice.",
            "OK service. Opening hours could be longer.",
            "Reasonably quick fix, still waiting on written confirmation though.",
            "Chat was quick but the answers felt a bit copy-and-paste.",
            "Fine. I'd just expected it to be sorted the first time.",
            "Nice people, but the bill is still confusing.",
            "It works, but the setup wasn't very intuitive.",
            "Decent, but I'd like to be able to book an appointment online.",
            "The help was good, the hold music is not.",
            "{employee} was quick and friendly. The product itself is a bit disappointing.",
            "It was alright. Pricey for an extra cable.",
            "Good reply by email, but it took three days.",
            "Middling. Fixed the problem but I suspect it'll come back.",
            "Engineer was nice but forgot to take the old box away.",
            "Sensible service, but you could be more proactive.",
            "Fine, but the price rise wasn't communicated properly.",
            "Happy with the fix, less so with the wait.",
            "Good advice, but two people told me two different things.",
            "Went fine, but I had to spot the error myself.",
            "Good service in store but a long queue at the till.",
            "Quick delivery but no idea when it was coming.",
            "{employee} was helpful, but I'm still waiting for a credit note.",
            "All fine apart from getting the invoice twice.",
            "So-so. Room for improvement.",
        ),
        "detractor": (
            "Over 40 minutes on hold. Not acceptable.",
            "My bill is wrong for the third month running.",
            "The engineer never showed up and nobody rang to say so.",
            "Promised a call back three times. Nothing.",
            "Confusing invoice full of charges nobody has explained.",
            "Poor service. Got cut off mid-call.",
            "{employee} promised to call back but never did.",
            "Broadband has been down four days and you can't give me a date.",
            "Passed from department to department without an answer.",
            "Far too expensive and nobody would help me find a cheaper plan.",
            "Two weeks to reply to my email. Far too slow.",
            "I cancelled and you're still charging me.",
            "Very rude and clearly couldn't care less.",
            "Parcel went missing and I'm left chasing the courier myself.",
            "Was given wrong information that cost me money.",
            "No apology, no compensation. Disappointing.",
            "App doesn't work and support just tells me to reinstall it.",
            "Waited in all day for nothing.",
            "Impossible to reach a human. Only automated replies.",
            "I feel ripped off by the price increase.",
            "{employee} was polite but couldn't do anything. Why don't your staff have any "
            "authority?",
            "Fourth time ringing about the same thing. I've had enough.",
            "Still no refund after a month.",
            "Order cancelled with no explanation.",
            "Promised free installation and then got a bill for £49.",
            "Engineer left a mess and went without testing the connection.",
            "Took ages to get through and then I got hung up on.",
            "The contract says something different from what the salesperson told me.",
            "The chat closed while I was waiting. Annoying.",
            "Another outage. Second one this week.",
            "Nobody knows what's going on with my case. I have to explain it every time.",
            "Got a reminder for a bill I'd already paid.",
            "Cancelling is far too difficult.",
            "Waiting times are much longer than they used to be.",
            "Why should I pay for your mistakes?",
            "{employee} kept interrupting and didn't listen.",
            "Delivery five days late with no word from you.",
            "Too many hidden fees.",
            "The new router is worse than the old one.",
            "Three different answers to the same question.",
            "Awful experience from start to finish.",
            "Switching provider as soon as my contract is up.",
        ),
    },
}

# A handful of long comments (300+ characters) so that truncation shows.
LONG_COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "promoter": (
            "Jeg vil gerne fremhæve {employee}, som hjalp mig, da mit internet røg midt i en "
            "vigtig arbejdsdag. Jeg havde allerede genstartet routeren flere gange og var ret "
            "opgivende, men {employee} gennemgik alt trin for trin, fandt en fejl i min opsætning "
            "og blev i røret, indtil det hele virkede igen. Det er sjældent, man oplever så god "
            "og tålmodig service. Tusind tak!",
            "Vi har været kunder hos jer i over ti år, og det har ikke altid været lutter "
            "lagkage, men det seneste halve år er der virkelig sket noget. Ventetiden i telefonen "
            "er kortere, medarbejderne ved, hvad de taler om, og når I lover at ringe tilbage, så "
            "gør I det faktisk. Senest flyttede vi abonnementet til sommerhuset, og det gik helt "
            "uden problemer.",
        ),
        "passive": (
            "Overordnet er jeg tilfreds, men processen kunne være meget enklere. Først skulle "
            "jeg ringe, så sende en mail med billeder af måleren og derefter ringe igen for at "
            "høre, om mailen var kommet frem. {employee} var venlig og hjælpsom hele vejen, men "
            "det er ikke rimeligt, at man som kunde selv skal holde styr på, hvor sagen er. Et "
            "sagsnummer og en sms ved hver ændring ville gøre en stor forskel.",
            "Produktet er fint, og teknikeren var dygtig, men et tidsvindue fra 8 til 16 er "
            "svært at få til at passe med et almindeligt arbejde. Jeg måtte tage en fridag for at "
            "være hjemme, og teknikeren kom først kl. 15.30. Det ville hjælpe meget med et "
            "kortere tidsvindue eller bare en sms en time før, så man ikke skal sidde og vente "
            "hele dagen.",
        ),
        "detractor": (
            "Jeg har nu ringet fem gange om den samme fejl på min faktura. Hver gang får jeg at "
            "vide, at det er rettet, og at der kommer en kreditnota inden for få dage, men næste "
            "måned står det forkerte beløb der igen. Sidste gang ventede jeg 35 minutter i kø. Jeg "
            "har i fire måneder betalt for en ydelse, jeg aldrig har bestilt, og ingen tager "
            "ansvar. Bliver det ikke løst nu, opsiger jeg det hele.",
            "Teknikeren skulle komme tirsdag mellem 8 og 12. Jeg tog fri fra arbejde, men der kom "
            "ingen, og ingen ringede. Da jeg selv ringede ind, kunne ingen se, at besøget "
            "overhovedet var booket. Jeg fik en ny tid torsdag, hvor teknikeren manglede en del "
            "og skal komme igen i næste uge. Tre fridage brugt på at vente, og internettet virker "
            "stadig kun halvdelen af tiden. Det er simpelthen ikke godt nok.",
        ),
    },
    "pl": {
        "promoter": (
            "Internet przestał działać w środku bardzo ważnego dnia pracy, a kilka restartów "
            "routera nic nie dało. {employee} spokojnie [przeszedł|przeszła] ze mną krok po kroku "
            "przez całą konfigurację, [znalazł|znalazła] błąd w ustawieniach i [został|została] "
            "na linii, dopóki wszystko nie zaczęło działać. Rzadko spotyka się tak cierpliwą i "
            "kompetentną obsługę. Serdecznie dziękuję i polecam każdemu!",
            "Jesteśmy Waszymi klientami od ponad dziesięciu lat i nie zawsze było kolorowo, ale w "
            "ostatnim półroczu widać ogromną zmianę. Czas oczekiwania na infolinii jest krótszy, "
            "konsultanci wiedzą, o czym mówią, a jak obiecujecie oddzwonić, to naprawdę "
            "oddzwaniacie. Ostatnio przenosiliśmy usługę do domku letniskowego i wszystko poszło "
            "gładko, bez ani jednego dodatkowego telefonu.",
        ),
        "passive": (
            "Ogólnie jestem <zadowolony|zadowolona>, ale cały proces mógłby być dużo prostszy. "
            "Najpierw trzeba było zadzwonić, potem wysłać maila ze zdjęciem licznika, a na końcu "
            "znowu dzwonić, żeby się upewnić, że mail dotarł. {employee} [był|była] przez cały "
            "czas [miły|miła] i [pomocny|pomocna], ale klient nie powinien sam pilnować, na jakim "
            "etapie jest jego sprawa. Numer zgłoszenia i SMS przy każdej zmianie zrobiłyby "
            "ogromną różnicę.",
            "Sam produkt jest w porządku, a technik znał się na rzeczy, ale okno czasowe wizyty "
            "od 8 do 16 to przesada. <Musiałem|Musiałam> wziąć dzień urlopu, żeby być w domu, a "
            "technik przyjechał dopiero o 15:30. Bardzo by pomogło krótsze okno albo chociaż SMS "
            "godzinę przed przyjazdem, żeby nie trzeba było siedzieć cały dzień w domu i czekać.",
        ),
        "detractor": (
            "<Dzwoniłem|Dzwoniłam> już pięć razy w sprawie tego samego błędu na fakturze. Za "
            "każdym razem słyszę, że wszystko poprawiono i w ciągu kilku dni dostanę fakturę "
            "korygującą, a w kolejnym miesiącu znowu widzę złą kwotę. Ostatnio "
            "<czekałem|czekałam> 35 minut na połączenie. Od czterech miesięcy płacę za usługę, "
            "której nigdy nie <zamawiałem|zamawiałam>, i nikt nie bierze za to odpowiedzialności. "
            "Jeśli teraz tego nie załatwicie, rezygnuję ze wszystkiego.",
            "Technik miał przyjechać we wtorek między 8 a 12. <Wziąłem|Wzięłam> wolne w pracy, "
            "ale nikt się nie pojawił i nikt nie zadzwonił. Kiedy <sam|sama> "
            "<zadzwoniłem|zadzwoniłam>, okazało się, że w systemie w ogóle nie ma tej wizyty. "
            "Technik przyjechał dopiero w czwartek, ale brakowało mu części i musi przyjść jeszcze "
            "raz. Trzy dni urlopu zmarnowane na czekanie, a internet nadal działa tylko przez "
            "połowę czasu. To niedopuszczalne.",
        ),
    },
    "en": {
        "promoter": (
            "I want to give a special mention to {employee}, who helped me when my broadband "
            "dropped in the middle of a really important working day. I'd already restarted the "
            "router several times and was close to giving up, but {employee} went through "
            "everything step by step, found a fault in my settings and stayed on the line until "
            "it was all working again. You rarely get service that patient. Thank you so much!",
            "We've been customers for over ten years and it hasn't always been plain sailing, but "
            "the last six months have been a real change. The wait on the phone is shorter, the "
            "people you speak to know what they're talking about, and when you say you'll ring "
            "back, you actually do. Most recently we moved our package to our holiday cottage "
            "and it went through without a single extra phone call.",
        ),
        "passive": (
            "Overall I'm happy, but the process could be a lot simpler. First I had to ring, then "
            "send an email with photos of the meter, then ring again to check the email had "
            "arrived. {employee} was friendly and helpful all the way through, but it shouldn't "
            "be up to the customer to keep track of where their case is. A reference number and a "
            "text message at every step would make a big difference.",
            "The product is fine and the engineer clearly knew what they were doing, but an "
            "appointment window of 8 to 4 is a lot to ask. I had to take a day's leave to be at "
            "home and the engineer didn't turn up until half three. A shorter window, or even "
            "just a text an hour before arrival, would save people sitting by the window all day.",
        ),
        "detractor": (
            "I have now phoned five times about the same error on my bill. Every time I'm told "
            "it's been fixed and a credit note will follow in a few days, and the next month the "
            "wrong amount is there again. Last time I waited 35 minutes in the queue before "
            "getting through. I've been paying for a service I never ordered for four months and "
            "nobody takes responsibility. If it isn't sorted now, I'm cancelling everything.",
            "The engineer was booked for Tuesday between 8 and 12. I took the morning off work, "
            "nobody came and nobody rang. When I called in myself, nobody could even see that the "
            "visit had been booked. I got a new slot on Thursday, the engineer came but was "
            "missing a part and has to come back next week. Three days of leave spent waiting and "
            "the broadband still only works half the time. It's simply not good enough.",
        ),
    },
}

# A very few comments carry the customer's phone number or e-mail, to exercise redaction.
CONTACT_COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "promoter": ("Tak for den gode hjælp! I må gerne ringe til mig på {phone}, hvis I vil "
                     "bruge min anmeldelse.",),
        "passive": ("Fint nok, men jeg mangler stadig kreditnotaen. Send den gerne til {email}.",),
        "detractor": ("Jeg har ventet over en uge på svar. Ring mig på {phone}, så vi kan få det "
                      "løst.",
                      "Fakturaen er stadig forkert. Skriv til mig på {email} – jeg orker ikke at "
                      "sidde i telefonkø igen."),
    },
    "pl": {
        "promoter": ("Dziękuję za świetną pomoc! Jeśli chcecie wykorzystać moją opinię, mój "
                     "numer to {phone}.",),
        "passive": ("W porządku, ale nadal brakuje faktury korygującej. Proszę ją wysłać na "
                    "{email}.",),
        "detractor": ("Od tygodnia czekam na odpowiedź. Proszę o telefon: {phone}.",
                      "Faktura dalej jest błędna. Proszę pisać na {email}, nie mam siły znowu "
                      "wisieć na infolinii."),
    },
    "en": {
        "promoter": ("Thanks for the great help! Feel free to call me on {phone} if you'd like "
                     "to use my review.",),
        "passive": ("Fine, but I'm still waiting for the credit note. Please send it to "
                    "{email}.",),
        "detractor": ("Still waiting for an answer after a week. Ring me on {phone} so we can "
                      "sort it.",
                      "Bill is still wrong. Email me at {email}, I'm not sitting in the phone "
                      "queue again."),
    },
}

# Notes the owner of a follow-up leaves, by status.
FOLLOWUP_NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "contacted": ("Lagt besked på telefonsvareren.",
                      "Talt med kunden, venter på svar fra fakturering.",
                      "Sendt mail med en undskyldning og et par spørgsmål."),
        "resolved": ("Ringet op og krediteret fakturaen.",
                     "Ny teknikertid booket, kunden er tilfreds.",
                     "Gennemgået regningen med kunden, den giver mening nu.",
                     "Givet en måneds rabat som kompensation.",
                     "Kunden ønskede ikke yderligere kontakt."),
    },
    "pl": {
        "contacted": ("Zostawiono wiadomość na poczcie głosowej.",
                      "Rozmowa z klientem, czekamy na dział rozliczeń.",
                      "Wysłano maila z przeprosinami i pytaniami."),
        "resolved": ("Oddzwoniono, wystawiono fakturę korygującą.",
                     "Umówiono nową wizytę technika, klient zadowolony.",
                     "Wyjaśniono rachunek, klient już go rozumie.",
                     "Przyznano miesięczny rabat jako rekompensatę.",
                     "Klient nie chciał dalszego kontaktu."),
    },
    "en": {
        "contacted": ("Left a voicemail.",
                      "Spoke to the customer, waiting on billing.",
                      "Sent an apology email with a few questions."),
        "resolved": ("Called back and credited the invoice.",
                     "Rebooked the engineer, customer happy.",
                     "Went through the bill with the customer, it makes sense to them now.",
                     "Gave a month's discount as compensation.",
                     "Customer did not want further contact."),
    },
}
