"""Irregular English word forms and their base forms, for ROUGE-1.5.5's ``-m`` stemming.

ROUGE-1.5.5 looks every word longer than three letters up in ``WordNet-2.0.exc.db``
(built from WordNet 2.0's ``noun.exc``, ``verb.exc``, ``adj.exc`` and ``adv.exc``: each
inflected form mapped to its first base form) before falling back to its Porter
stemmer. The table below holds the entries that can change a ROUGE token: keys made
only of ASCII letters and digits, longer than three letters, whose base form is not
already their Porter stem. Where two lists disagree (*better*, *best*) the adjective
reading (*good*) is kept, as in a database built from the lists in the order noun,
adverb, verb, adjective.

The word lists come from WordNet 2.0, which carries this notice:

    WordNet Release 2.0. This software and database is being provided to you, the
    LICENSEE, by Princeton University under the following license. By obtaining, using
    and/or copying this software and database, you agree that you have read,
    understood, and will comply with these terms and conditions.: Permission to use,
    copy, modify and distribute this software and database and its documentation for
    any purpose and without fee or royalty is hereby granted, provided that you agree
    to comply with the following copyright notice and statements, including the
    disclaimer, and that the same appear on ALL copies of the software, database and
    documentation, including modifications that you make for internal use or for
    distribution. WordNet 2.0 Copyright 2003 by Princeton University. All rights
    reserved. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY
    MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT
    NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF
    MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE
    LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY
    PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University
    or Princeton may not be used in advertising or publicity pertaining to
    distribution of the software and/or database. Title to copyright in this software,
    database and any associated documentation shall at all times remain with Princeton
    University and LICENSEE agrees to preserve same.
"""

from __future__ import annotations

__all__ = ["WORDNET_EXCEPTIONS"]

# "inflected:base" pairs separated by whitespace.
_PAIRS = """
aardwolves:aardwolf abaci:abacus abode:abide aboideaux:aboideau aboiteaux:aboiteau abought:aby
acanthi:acanthus acari:acarus acciaccature:acciaccatura accompanied:accompany
acetabula:acetabulum acetified:acetify achaemenidae:achaemenid acicula:aciculum
acidified:acidify acini:acinus acromia:acromion actinozoa:actinozoan addenda:addendum
addrest:address adenocarcinomata:adenocarcinoma adenomata:adenoma adieux:adieu adyta:adytum
aecia:aecium aecidia:aecidium aerified:aerify aerobia:aerobium aggiornamenti:aggiornamento
agnomina:agnomen airier:airy airiest:airy alewives:alewife alkalified:alkalify allied:ally
allodia:allodium alluvia:alluvium alodia:alodium altocumuli:altocumulus altostrati:altostratus
alumni:alumnus alveoli:alveolus amanuenses:amanuensis ambulacra:ambulacrum ammonified:ammonify
amnestied:amnesty amnia:amnion amniocenteses:amniocentesis amoebiases:amoebiasis amoraim:amora
amoretti:amoretto amorini:amorino amphiarthroses:amphiarthrosis amphicia:amphithecium
amphimixes:amphimixis amphioxi:amphioxus amplified:amplify anabases:anabasis
anacolutha:anacoluthon anacruses:anacrusis anaerobia:anaerobium anagnorises:anagnorisis
analemmata:analemma analyses:analysis anamneses:anamnesis anamorphoses:anamorphosis
anastomoses:anastomosis anatyxes:anaptyxis androclinia:androclinium androecia:androecium
androsphinges:androsphinx andtheridia:antheridium angiomata:angioma anglified:anglify
angrier:angry angriest:angry animalcula:animalculum anlagen:anlage annattos:anatto
annuli:annulus antefixa:antefix antependia:antependium anthelia:anthelion anthelices:anthelix
anthemia:anthemion antheridia:antheridium anthodia:anthodium anthozoa:anthozoan
anthraces:anthrax anticlinoria:anticlinorium antihelices:antihelix antisera:antiserum
antitheses:antithesis antitragi:antitragus antra:antrum anus:anus aphelia:aphelion aphides:aphis
apices:apex apodoses:apodosis apomixes:apomixis aponeuroses:aponeurosis apophyses:apophysis
aposiopeses:aposiopesis apothecia:apothecium apotheoses:apotheosis apparatus:apparatus
appendices:appendix applied:apply appoggiature:appoggiatura apsides:apsis aquaria:aquarium
araglis:argali arboreta:arboretum arcana:arcanum archegonia:archegonium archesporia:archesporium
arcked:arc arcking:arc argufied:argufy argumenta:argumentum ariette:arietta arisen:arise
armamentaria:armamentarium arose:arise arses:arsis artal:rotl artel:rotl
arterioscleroses:arteriosclerosis artier:arty artiest:arty aruspices:aruspex asceses:ascesis
asci:ascus ascidia:ascidium ascogonia:ascogonium ashier:ashy ashiest:ashy ashkenazim:ashkenazi
aspergilla:aspergillum aspergilli:aspergillus aspergilloses:aspergillosis aspersoria:aspersorium
assaulter:assaulter assegais:assagai astragali:astragalus asyndeta:asyndeton atheromata:atheroma
atheroscleroses:atherosclerosis atmolyses:atmolysis atria:atrium atrophied:atrophy
attacker:attacker auditoria:auditorium aurar:eyrir aurei:aureus auspices:auspex
autocatalyses:autocatalysis automata:automaton avitaminoses:avitaminosis awoke:awake
awoken:awake babied:baby bacchii:bacchius bacilli:bacillus backbit:backbite backbitten:backbite
backslid:backslide backslidden:backslide bacteriostases:bacteriostasis bacula:baculum bade:bid
baggier:baggy baggiest:baggy balkier:balky balkiest:balky balmier:balmy balmiest:balmy
bambini:bambino bandeaux:bandeau bandied:bandy bandier:bandy bandiest:bandy banditti:bandit
bani:ban bargainer:bargainer barklice:barklouse barmier:barmy barmiest:barmy basidia:basidium
basified:basify basileis:basileus bassi:basso bateaux:bateau battier:batty battiest:batty
baulkier:baulky baulkiest:baulky bawdier:bawdy bawdiest:bawdy beadier:beady beadiest:beady
beadsmen:beadsman beastlier:beastly beastliest:beastly beaten:beat beatified:beatify
beautified:beautify beaux:beau became:become beefier:beefy beefiest:beefy been:be beerier:beery
beeriest:beery beeves:beef befallen:befall befell:befall began:begin begat:beget begirt:begird
begot:beget begotten:beget begun:begin beheld:behold beholden:behold behooves:behoof
bellied:belly belying:belie bendier:bendy bendiest:bendy benempt:bename bent:bend berried:berry
bersaglieri:bersagliere besought:beseech bespoke:bespeak bespoken:bespeak best:good
bestrewn:bestrew bestrid:bestride bestridden:bestride bestrode:bestride betaken:betake
bethought:bethink betook:betake better:good bhishties:bheesty biassed:bias biassing:bias
bicennaries:bicentenary bidden:bid bigger:big biggest:big bijoux:bijou bisectrices:bisectrix
bitchier:bitchy bitchiest:bitchy bitten:bite bittier:bitty bittiest:bitty bivouacked:bivouac
bivouacking:bivouac blackberried:blackberry blackfeet:blackfoot blastemata:blastema
blearier:bleary bleariest:bleary bled:bleed blest:bless blew:blow bloodied:bloody
bloodier:bloody bloodiest:bloody bloodthirstier:bloodthirsty bloodthirstiest:bloodthirsty
blowier:blowy blowiest:blowy blown:blow blowsier:blowsy blowsiest:blowsy blowzier:blowzy
blowziest:blowzy bluer:blue bluest:blue bodied:body boleti:boletus bolsheviki:bolshevik
bonier:bony boniest:bony bonnier:bonny bonniest:bonny booklice:booklouse bookshelves:bookshelf
boozier:boozy booziest:boozy boraces:borax borborygmi:borborygmus bordereaux:bordereau bore:bear
born:bear borne:bear boskier:bosky boskiest:bosky bossier:bossy bossiest:bossy botchier:botchy
botchiest:botchy bought:buy bouncier:bouncy bounciest:bouncy bound:bind brachia:brachium
brainchildren:brainchild brainier:brainy brainiest:brainy brashier:brashy brashiest:brashy
brassier:brassy brassiest:brassy brawnier:brawny brawniest:brawny breathier:breathy
breathiest:breathy bred:breed breezier:breezy breeziest:breezy bregmata:bregma brethren:brother
brinier:briny briniest:briny britisher:britisher broadcaster:broadcaster broadleaves:broadleaf
broke:break broken:break bronchi:bronchus broodier:broody broodiest:broody brought:bring
browbeaten:browbeat brutified:brutify bryozoa:bryozoan bubblier:bubbly bubbliest:bubbly
buckteeth:bucktooth buggier:buggy buggiest:buggy built:build bulkier:bulky bulkiest:bulky
bullied:bully bumpier:bumpy bumpiest:bumpy bunchier:bunchy bunchiest:bunchy bureaux:bureau
buried:bury burlier:burly burliest:burly burnt:burn burrier:burry burriest:burry
bushbok:boschbok bushboks:boschbok bushier:bushy bushiest:bushy busied:busy busier:busy
busiest:busy busses:bus bustier:busty bustiest:busty bypast:bypass byssi:byssus cacti:cactus
caddied:caddie caddies:caddie caddying:caddie caducei:caduceus caeca:caecum cagier:cagey
cagiest:cagey calami:calamus calathi:calathus calcanei:calcaneum calces:calx calcified:calcify
calculi:calculus caldaria:caldarium calices:calix calli:callus calves:calf calyces:calyx
cambia:cambium came:come canaliculi:canaliculus candelabra:candelabrum candied:candy
cannier:canny canniest:canny canopied:canopy canthi:canthus cantier:canty cantiest:canty
canzoni:canzone capita:caput capitula:capitulum capricci:capriccio carabinieri:carabiniere
carcinomata:carcinoma carides:caryatid carnied:carny carnified:carnify caroli:carolus
carpi:carpus carpogonia:carpogonium carried:carry caryopses:caryopsis caryopsides:caryopsis
casefied:casefy castrati:castrato catabases:catabasis cataclases:cataclasis catalyses:catalysis
catchier:catchy catchiest:catchy cathari:cathar cathexes:cathexis cattier:catty cattiest:catty
caudices:caudex caught:catch caules:caulis cavatine:cavatina cavetti:cavetto ceca:cecum
cembali:cembalo centesimi:centesimo centra:centrum cephalothoraces:cephalothorax
cercariiae:cercaria cerci:cercus cerebella:cerebellum cerebra:cerebrum certified:certify
cervices:cervix cestuses:caestus chadarim:cheder challoth:hallah chalutzim:chalutz
chancier:chancy chanciest:chancy chapeaux:chapeau charier:chary chariest:chary chasidim:chasid
chassidim:chassid chateaux:chateau chattier:chatty chattiest:chatty chazanim:chazan
chedarim:cheder cheekier:cheeky cheekiest:cheeky cheerier:cheery cheeriest:cheery
cheesier:cheesy cheesiest:cheesy cherubim:cherub chestier:chesty chestiest:chesty chevied:chivy
chevies:chivy chevying:chivy chewier:chewy chewiest:chewy chiasmata:chiasma chiasmi:chiasmus
chid:chide chidden:chide children:child chillier:chilly chilliest:chilly chintzier:chintzy
chintziest:chintzy chippier:chippy chippiest:chippy chitarroni:chitarrone chivied:chivy
chivvied:chivy chivvies:chivy chivvying:chivy chlamydes:chlamys chondrified:chondrify
chondromata:chondroma choosier:choosy choosiest:choosy choppier:choppy choppiest:choppy
choragi:choragus choriambi:choriambus chose:choose chosen:choose choux:chou
chromonemata:chromonema chrysalides:chrysalis chubbier:chubby chubbiest:chubby chuffier:chuffy
chuffiest:chuffy chummier:chummy chummiest:chummy chunkier:chunky chunkiest:chunky
churchier:churchy churchiest:churchy ciboria:ciborium cicale:cicala cicatrices:cicatrix
ciceroni:cicerone cicisbei:cicisbeo cilia:cilium cimices:cimex cineraria:cinerarium
cingula:cingulum cirri:cirrus cirrocumuli:cirrocumulus cirrostrati:cirrostratus citified:citify
clad:clothe clammier:clammy clammiest:clammy clani:clarino clanos:clarino clarified:clarify
classier:classy classiest:classy classified:classify cleanlier:cleanly cleanliest:cleanly
cleft:cleave clept:clepe clerklier:clerkly clerkliest:clerkly clinandria:clinandrium
clitella:clitellum clostridia:clostridium cloudier:cloudy cloudiest:cloudy clove:cleave
cloven:cleave cloverleaves:cloverleaf clubbier:clubby clubbiest:clubby clumsier:clumsy
clumsiest:clumsy clung:cling clypei:clypeus coagula:coagulum cocci:coccus coccyges:coccyx
cockier:cocky cockiest:cocky cockneyfied:cockneyfy codices:codex codified:codify
coelentera:coelenteron coenuri:coenurus cognomina:cognomen cola:colon collegia:collegium
collied:colly collier:colly colliest:colly colloquia:colloquium colluvia:colluvium
collyria:collyrium colossi:colossus columbaria:columbarium comedones:comedo comelier:comely
comeliest:comely comfier:comfy comfiest:comfy comics:comic_strip complied:comply
concertanti:concertante concerti:concerto concertini:concertino condottieri:condottiere
condylomata:condyloma congii:congius conidia:conidium consortia:consortium contagia:contagium
continua:continuum contralti:contralto conversazioni:conversazione convolvuli:convolvulus
copied:copy coria:corium cornier:corny corniest:corny cornua:cornu corpora:corpus
corrigenda:corrigendum cortices:cortex coryphaei:coryphaeus cosier:cosy cosiest:cosy
costlier:costly costliest:costly costumer:costumer cothurni:cothurnus
counterfeiter:counterfeiter countersank:countersink countersunk:countersink courtlier:courtly
courtliest:courtly couteaux:couteau cozier:cozy coziest:cozy crabbier:crabby crabbiest:crabby
craftier:crafty craftiest:crafty craggier:craggy craggiest:craggy crania:cranium crankier:cranky
crankiest:cranky crases:crasis crawlier:crawly crawliest:crawly crazier:crazy craziest:crazy
creamier:creamy creamiest:creamy credenda:credendum creepier:creepy creepiest:creepy
crematoria:crematorium crept:creep crescendi:crescendo cribella:cribellum cried:cry
crises:crisis crispier:crispy crispiest:crispy crissa:crissum criteria:criterion
crossbred:crossbreed cruces:crux crucified:crucify crumbier:crumby crumbiest:crumby
crumblier:crumbly crumbliest:crumbly crummier:crummy crummiest:crummy crura:crus crustier:crusty
crustiest:crusty ctenidia:ctenidium cubicula:cubiculum culices:culex culti:cultus cumuli:cumulus
cumulonimbi:cumulonimbus cumulostrati:cumulostratus curettes:curet curlier:curly curliest:curly
curricula:curriculum curried:curry curst:curse curtsied:curtsy custodes:custos customer:customer
cuter:cute cutes:cutis cyclopes:cyclops cycloses:cyclosis cylices:cylix cylikes:cylix
cymatia:cymatium cysticerci:cysticercus daffier:daffy daffiest:daffy daintier:dainty
daintiest:dainty dallied:dally damnified:damnify dandier:dandy dandiest:dandy dandified:dandify
data:datum daymio:daimio daymios:daimio deadlier:deadly deadliest:deadly dealt:deal
debussed:debus debusses:debus debussing:debus decalcified:decalcify decemviri:decemvir
decennia:decennium declassified:declassify decried:decry deeper:deeply defied:defy
definienda:definiendum definientia:definiens degassed:degas degasses:degas degassing:degas
dehumidified:dehumidify deified:deify delphinia:delphinium demulsified:demulsify
demystified:demystify denarii:denarius denazified:denazify denied:deny denitrified:denitrify
dentalia:dentalium dermatoses:dermatosis descried:descry deserter:deserter
desiderata:desideratum detoxified:detoxify devitrified:devitrify dewier:dewy dewiest:dewy
diaereses:diaeresis diaerses:diaeresis diagnoses:diagnosis dialled:dial dialling:dial
dialyses:dialysis diaphyses:diaphysis diapophyses:diapophysis diarthroses:diarthrosis
diastalses:diastalsis diastases:diastasis diastemata:diastema diathses:diathesis
dibbukkim:dibbuk dichasia:dichasium dicier:dicey diciest:dicey dicta:dictum diereses:dieresis
dieses:diesis dignified:dignify dilettanti:dilettante diluvia:diluvium dimmer:dim dimmest:dim
dingier:dingy dingiest:dingy dinkier:dinky dinkiest:dinky diplococci:diplococcus dippier:dippy
dippiest:dippy dirtied:dirty dirtier:dirty dirtiest:dirty disci:discus discoboli:discobolos
disembodied:disembody disenthrals:disenthrall dishier:dishy dishiest:dishy disinterred:disinter
disinterring:disinter disqualified:disqualify dissatisfied:dissatisfy dive:diva
diversified:diversify diverticula:diverticulum divertimenti:divertimento divvied:divvy
dizzied:dizzy dizzier:dizzy dizziest:dizzy djinn:djinni dodgier:dodgy dodgiest:dodgy
dogmata:dogma dogteeth:dogtooth dollied:dolly domatia:domatium done:do dopier:dopey
dopiest:dopey dormice:dormouse dorsa:dorsum dottier:dotty dottiest:dotty doughier:doughy
doughiest:doughy dought:dow doughtier:doughty doughtiest:doughty dove:dive dowdier:dowdy
dowdiest:dowdy dowier:dowie dowiest:dowie downier:downy downiest:downy dozier:dozy doziest:dozy
drabber:drab drabbest:drab draftier:drafty draftiest:drafty draggier:draggy draggiest:draggy
drank:drink draughtier:draughty draughtiest:draughty drawknives:drawknife drawn:draw
dreamier:dreamy dreamiest:dreamy dreamt:dream drearier:dreary dreariest:dreary dreggier:dreggy
dreggiest:dreggy dressier:dressy dressiest:dressy drew:draw dried:dry drier:dry driest:dry
drippier:drippy drippiest:drippy driven:drive drove:drive drowsier:drowsy drowsiest:drowsy
drunk:drink dryer:dry dryest:dry duelled:duel duelling:duel dulcified:dulcify dummied:dummy
dumpier:dumpy dumpiest:dumpy dunner:dun dunnest:dun duona:duodenum duonas:duodenum
dupondii:dupondius duskier:dusky duskiest:dusky dustier:dusty dustiest:dusty duumviri:duumvir
dwarves:dwarf dwelt:dwell dybbukkim:dybbuk dying:die earlier:early earliest:early
earthier:earthy earthiest:earthy earthlier:earthly earthliest:earthly easied:easy easier:easy
easiest:easy eastsider:eastsider eaten:eat ecchymoses:ecchymosis ecdyses:ecdysis echini:echinus
echinococci:echinococcus ectozoa:ectozoan eddied:eddy edemata:edema edgier:edgy edgiest:edgy
edified:edify eerier:eerie eeriest:eerie effluvia:effluvium eidola:eidolon eisegeses:eisegesis
eisteddfodau:eisteddfod electrified:electrify elenchi:elenchus ellipses:ellipsis eluvia:eluvium
elves:elf elytra:elytron embodied:embody emboli:embolus embussed:embus embusses:embus
embussing:embus emphases:emphasis emporia:emporium emptied:empty emptier:empty emptiest:empty
emulsified:emulsify enarthroses:enarthrosis encephala:encephalon encephalitides:encephalitis
encephalomata:encephaloma enchiridia:enchiridion enchondromata:enchondroma encomia:encomium
endocardia:endocardium endocrania:endocranium endometria:endometrium endostea:endosteum
endostoses:endostosis endothecia:endothecium endothelia:endothelium endotheliomata:endothelioma
endozoa:endozoan enemata:enema enneahedra:enneahedron entases:entasis entera:enteron entia:ens
entozoa:entozoan envied:envy enwound:enwind epencephala:epencephalon epentheses:epenthesis
epexegeses:epexegesis ephemera:ephemeron ephemerides:ephemeris ephori:ephor epicalyces:epicalyx
epicanthi:epicanthus epicardia:epicardium epicedia:epicedium epicleses:epiclesis
epididymides:epididymis epigastria:epigastrium epiglottides:epiglottis epimysia:epimysium
epiphenomena:epiphenomenon epiphyses:epiphysis episterna:episternum epithalamia:epithalamion
epithelia:epithelium epitheliomata:epithelioma epizoa:epizoan epyllia:epyllion
equilibria:equilibrium equiseta:equisetum errata:erratum esophagi:esophagus espied:espy
esterified:esterify etherified:etherify etyma:etymon eucalypti:eucalyptus eupatridae:eupatrid
euripi:euripus exanthemata:exanthema executrices:executrix exegeses:exegesis exempla:exemplum
exemplified:exemplify exordia:exordium exostoses:exostosis extrema:extremum eyeteeth:eyetooth
fabliaux:fabliau faeroese:faeroese fallen:fall falsified:falsify famuli:famulus fancied:fancy
fancier:fancy fanciest:fancy fantasied:fantasy faroese:faroese farther:far fasciculi:fasciculus
fatter:fat fattest:fat fattier:fatty fattiest:fatty faultier:faulty faultiest:faulty
fedayeen:fedayee feet:foot feistier:feisty feistiest:feisty fell:fall fellaheen:fellah
fellahin:fellah felt:feel femora:femur fermate:fermata ferried:ferry festschriften:festschrift
fezzes:fez fibromata:fibroma fiddlier:fiddly fiddliest:fiddly fideicommissa:fideicommissum
fieldmice:fieldmouse fila:filum filariiae:filaria filmier:filmy filmiest:filmy filthier:filthy
filthiest:filthy finnier:finny finniest:finny fishier:fishy fishiest:fishy fishwives:fishwife
fitter:fit fittest:fit flabbier:flabby flabbiest:flabby flabella:flabellum flagella:flagellum
flaggier:flaggy flaggiest:flaggy flagstaves:flagstaff flakier:flaky flakiest:flaky
flambeaux:flambeau flamines:flamen flashier:flashy flashiest:flashy flatfeet:flatfoot
flatter:flat flattest:flat flauntier:flaunty flauntiest:flaunty fled:flee fledgier:fledgy
fledgiest:fledgy fleecier:fleecy fleeciest:fleecy fleshier:fleshy fleshiest:fleshy
fleshlier:fleshly fleshliest:fleshly flew:fly flightier:flighty flightiest:flighty
flimsier:flimsy flimsiest:flimsy flintier:flinty flintiest:flinty flittermice:flittermouse
floatier:floaty floatiest:floaty flocci:floccus flocculi:flocculus floodlit:floodlight
floppier:floppy floppiest:floppy florilegia:florilegium flossier:flossy flossiest:flossy
flown:fly fluffier:fluffy fluffiest:fluffy flukier:fluky flukiest:fluky flung:fling
flurried:flurry flyblew:flyblow flyblown:flyblow flyleaves:flyleaf foamier:foamy foamiest:foamy
foci:focus foggier:foggy foggiest:foggy folia:folium folksier:folksy folksiest:folksy
foolhardier:foolhardy foolhardiest:foolhardy fora:forum foramina:foramen forbad:forbid
forbade:forbid forbidden:forbid forbore:forbear forborne:forbear forceps:forceps fordid:fordo
fordone:fordo foredid:foredo foredone:foredo forefeet:forefoot foregone:forego
foreigner:foreigner foreknew:foreknow foreknown:foreknow foreran:forerun foresaw:foresee
foreseen:foresee foreshown:foreshow forespoke:forespeak forespoken:forespeak foreteeth:foretooth
foretold:foretell forewent:forego forgave:forgive forgiven:forgive forgone:forgo forgot:forget
forgotten:forget formicaria:formicarium fornices:fornix forsaken:forsake forsook:forsake
forspoke:forspeak forspoken:forspeak forswore:forswear forsworn:forswear fortes:fortis
fortified:fortify forwent:forgo fought:fight found:find foxier:foxy foxiest:foxy
fractocumuli:fractocumulus fractostrati:fractostratus fraena:fraenum fratchier:fratchy
fratchiest:fratchy frauen:frau freakier:freaky freakiest:freaky freer:free freest:free
frena:frenum frenchier:frenchy frenchiest:frenchy frenchified:frenchify frenula:frenulum
frenzied:frenzy fricandeaux:fricandeau fried:fry friendlier:friendly friendliest:friendly
friskier:frisky friskiest:frisky frizzier:frizzy frizziest:frizzy frizzlier:frizzly
frizzliest:frizzly frolicked:frolic frolicking:frolic frontes:frons frostier:frosty
frostiest:frosty frouzier:frouzy frouziest:frouzy frowsier:frowsy frowsiest:frowsy
frowzier:frowzy frowziest:frowzy froze:freeze frozen:freeze fructified:fructify fruitier:fruity
fruitiest:fruity frusta:frustum fuci:fucus fuelled:fuel fuelling:fuel fulcra:fulcrum
fumatoria:fumatorium fundi:fundus fungi:fungus funiculi:funiculus funkier:funky funkiest:funky
funnier:funny funniest:funny furcula:furculum furrier:furry furriest:furry further:far
fussier:fussy fussiest:fussy fustier:fusty fustiest:fusty fuzzier:fuzzy fuzziest:fuzzy
gabbier:gabby gabbiest:gabby gainsaid:gainsay gametangia:gametangium gametoecia:gametoecium
gamier:gamy gamiest:gamy gammadia:gammadion gammier:gammy gammiest:gammy ganglia:ganglion
gasified:gasify gassed:gas gasses:gas gassier:gassy gassiest:gassy gassing:gas gateaux:gateau
gaudier:gaudy gaudiest:gaudy gauzier:gauzy gauziest:gauzy gave:give gawkier:gawky gawkiest:gawky
geese:goose gelled:gel gelling:gel gelsemia:gelsemium gelt:geld gemboks:gemsbok
gembucks:gemsbuck gemeinschaften:gemeinschaft genera:genus generatrices:generatrix
geneses:genesis genii:genius gentes:gens genua:genu genus:genus germina:germen
gesellschaften:gesellschaft gestalten:gestalt ghastlier:ghastly ghastliest:ghastly
ghostlier:ghostly ghostliest:ghostly ghostwritten:ghostwrite ghostwrote:ghostwrite giddied:giddy
giddier:giddy giddiest:giddy gilt:gild ginglymi:ginglymus girt:gird given:give gladder:glad
gladdest:glad gladioli:gladiolus glandes:glans glassier:glassy glassiest:glassy glibber:glib
glibbest:glib gliomata:glioma glissandi:glissando glochidcia:glochidium glochidia:glochidium
glomeruli:glomerulus gloomier:gloomy gloomiest:gloomy gloried:glory glorified:glorify
glossier:glossy glossiest:glossy glottides:glottis glummer:glum glummest:glum glutaei:glutaeus
glutei:gluteus gnawn:gnaw gnoses:gnosis godchildren:godchild godlier:godly godliest:godly
goes:go gollied:golly gomphoses:gomphosis gone:go gonia:gonion gonidia:gonidium
gonococci:gonococcus goodlier:goodly goodliest:goodly goodwives:goodwife goofier:goofy
goofiest:goofy gooier:gooey gooiest:gooey goosier:goosy goosiest:goosy gorgoneia:gorgoneion
gorier:gory goriest:gory gospopoda:gospodin gotten:get goyim:goy gradelier:gradely
gradeliest:gradely grafen:graf graffiti:graffito grainier:grainy grainiest:grainy
grandchildren:grandchild granulomata:granuloma grassier:grassy grassiest:grassy
gratified:gratify gravamina:gravamen graven:grave greasier:greasy greasiest:greasy
greedier:greedy greediest:greedy grew:grow grimmer:grim grimmest:grim gript:grip grislier:grisly
grisliest:grisly grittier:gritty grittiest:gritty grizzlier:grizzly grizzliest:grizzly
groggier:groggy groggiest:groggy groovier:groovy grooviest:groovy groszy:grosz grottier:grotty
grottiest:grotty ground:grind groutier:grouty groutiest:grouty grown:grow grubbier:grubby
grubbiest:grubby grumpier:grumpy grumpiest:grumpy guarantied:guaranty guilder:guilde
guilders:guilde guiltier:guilty guiltiest:guilty gullied:gully gummata:gumma gummier:gummy
gummiest:gummy gurnard:gurnar gurnards:gurnar gushier:gushy gushiest:gushy gustier:gusty
gustiest:gusty gutsier:gutsy gutsiest:gutsy gymnasia:gymnasium gynaecea:gynaeceum
gynaecia:gynaecium gynecea:gynecium gynecia:gynecium gynoecea:gynoecium gynoecia:gynoecium
gyri:gyrus hacksawn:hacksaw hadarim:heder haematolyses:haematolysis haematomata:haematoma
haematozoa:haematozoon haemodialyses:haemodialysis haemolyses:haemolysis haemoptyses:haemoptysis
haeredes:haeres haftaroth:haftarah haggadoth:haggada hairier:hairy hairiest:hairy haleru:haler
halfways:halfway hallot:hallah halloth:hallah halluces:hallux halves:half hammier:hammy
hammiest:hammy hamstrung:hamstring hamuli:hamulus handfed:handfeed handier:handy handiest:handy
haphtaroth:haphtarah happier:happy happiest:happy harder:hard hardest:hard hardier:hardy
hardiest:hardy haredim:haredi harried:harry haruspices:haruspex hasidim:hasid hassidim:hassid
hastier:hasty hastiest:hasty haughtier:haughty haughtiest:haughty haustella:haustellum
haustoria:haustorium hazier:hazy haziest:hazy hazzanim:hazzan headier:heady headiest:heady
healthier:healthy healthiest:healthy heard:hear heartier:hearty heartiest:hearty heavier:heavy
heaviest:heavy hectocotyli:hectocotylus heftier:hefty heftiest:hefty held:hold helices:helix
heliozoa:heliozoan hematolyses:hematolysis hematomata:hematoma hematozoa:hematozoon
hemelytra:hemelytron hemielytra:hemielytron hemodialyses:hemodialysis hemolyses:hemolysis
hemoptyses:hemoptysis hendecahedra:hendecahedron hepper:hep heppest:hep heraclidae:heraclid
heraklidae:heraklid herbaria:herbarium herbier:herby herbiest:herby hermae:herm hermai:herma
herren:herr hetairai:hetaira hewn:hew hibernacula:hibernaculum hidden:hide
hieracosphinges:hieracosphinx hila:hilum hili:hilus himatia:himation hinder:hind hinnied:hinny
hipper:hip hippest:hip hippier:hippy hippiest:hippy hippocampi:hippocampus
hippopotami:hippopotamus hoarier:hoary hoariest:hoary hocussed:hocus hocussing:hocus
hogtying:hogtie holier:holy holiest:holy homelier:homely homeliest:homely homier:homey
homiest:homey homunculi:homunculus honied:honey honoraria:honorarium hooves:hoof hornier:horny
horniest:horny horologia:horologium horrified:horrify horsier:horsy horsiest:horsy hotter:hot
hottest:hot housewives:housewife hove:heave humeri:humerus humidified:humidify humpier:humpy
humpiest:humpy hung:hang hungrier:hungry hungriest:hungry hurried:hurry huskier:husky
huskiest:husky hydrozoa:hydrozoan hymenoptera:hymenopteran hynia:hymenium hyniums:hymenium
hypanthia:hypanthium hyperostoses:hyperostosis hypertrophied:hypertrophy hypnoses:hypnosis
hypochondria:hypochondrium hypogastria:hypogastrium hypogea:hypogeum hypophyses:hypophysis
hypostases:hypostasis hypothalami:hypothalamus hypotheses:hypothesis hyraces:hyrax iambi:iamb
ibices:ibex ichthyosauri:ichthyosaurus ichthyosauruses:ichthyosaur icier:icy iciest:icy
icosahedra:icosahedron ideata:ideatum identified:identify igorrorote:igorrote ilia:ilium
imagines:imago imperia:imperium implied:imply inbred:inbreed incubi:incubus incudes:incus
indemnified:indemnify indices:index indumenta:indumentum indusia:indusium indwelt:indwell
infundibula:infundibulum inkier:inky inkiest:inky inlaid:inlay inocula:inoculum
insectaria:insectarium insider:insider intagli:intaglio intensified:intensify
interbred:interbreed interlaid:interlay interleaves:interleaf intermarried:intermarry
intermezzi:intermezzo interpled:interplead interreges:interrex interregna:interregnum
interstratified:interstratify interwove:interweave interwoven:interweave
involucella:involucellum involucra:involucrum inwove:inweave inwoven:inweave irides:iris
ischia:ischium isthmi:isthmus jackeroos:jackaroo jackknives:jackknife jaggier:jaggy
jaggiest:jaggy jambeaux:jambeau jammier:jammy jammiest:jammy jauntier:jaunty jauntiest:jaunty
jazzier:jazzy jazziest:jazzy jellied:jelly jellified:jellify jemmied:jemmy jerkier:jerky
jerkiest:jerky jimmied:jimmy jinn:jinni joes:jo jollied:jolly jollier:jolly jolliest:jolly
jollified:jollify juicier:juicy juiciest:juicy jumpier:jumpy jumpiest:jumpy jura:jus
justified:justify kaddishim:kaddish kalmuck:kalmuc kalmucks:kalmuc katabases:katabasis
keeshonden:keeshond kent:ken kept:keep kibbutzim:kibbutz kindlier:kindly kindliest:kindly
kinkier:kinky kinkiest:kinky knelt:kneel knew:know knives:knife knottier:knotty knottiest:knotty
known:know knurlier:knurly knurliest:knurly kookier:kooky kookiest:kooky kronen:krone
kroner:krone kronur:krona krooni:kroon kylikes:kylix labara:labarum labella:labellum
labia:labium labra:labrum lacier:lacy laciest:lacy lactobacilli:lactobacillus lacunaria:lacunar
laden:lade ladyfied:ladify ladyfies:ladify ladyfying:ladify laid:lay lain:lie lairier:lairy
lairiest:lairy lakier:laky lakiest:laky lankier:lanky lankiest:lanky lapidified:lapidify
lapilli:lapillus lapithae:lapith larynges:larynx lathier:lathy lathiest:lathy lati:lat
latices:latex latifundia:latifundium latu:lat lazier:lazy laziest:lazy leafier:leafy
leafiest:leafy leakier:leaky leakiest:leaky leant:lean leapt:leap learier:leary leariest:leary
learnt:learn leaves:leaf lecythi:lecythus leerier:leery leeriest:leery left:leave leges:lex
leggier:leggy leggiest:leggy lemmata:lemma lemnisci:lemniscus lenes:lenis lengthier:lengthy
lengthiest:lengthy lent:lend lentigines:lentigo lepidoptera:lepidopteran leprosaria:leprosarium
lepta:lepton leptocephali:leptocephalus leucocytozoa:leucocytozoan leva:lev leveler:leveler
levied:levy libretti:libretto lice:louse lieder:lied lignified:lignify limbi:limbus limier:limy
limiest:limy limina:limen limites:limes limuli:limulus lipomata:lipoma lippier:lippy
lippiest:lippy liquefied:liquefy liquified:liquify lire:lira liriodendra:liriodendron
listente:sente litai:lit litu:litas livelier:lively liveliest:lively lives:life lixivia:lixivium
loaves:loaf lobbied:lobby loci:locus loculi:loculus loftier:lofty loftiest:lofty loggie:loggia
logia:logion logier:logy logiest:logy lomenta:lomentum lonelier:lonely loneliest:lonely
longobardi:longobard loonier:loony looniest:loony loopier:loopy loopiest:loopy lordlier:lordly
lordliest:lordly lost:lose lousier:lousy lousiest:lousy lovelier:lovely loveliest:lovely
lowlander:lowlander lowlier:lowly lowliest:lowly lubritoria:lubritorium luckier:lucky
luckiest:lucky lullabied:lullaby lumbus:lumbi lumina:lumen lumpier:lumpy lumpiest:lumpy
lunier:luny luniest:luny lures:lur lustier:lusty lustiest:lusty lustra:lustre lying:lie
lymphangitides:lymphangitis lymphomata:lymphoma lymphopoieses:lymphopoiesis lyses:lysis
machzorim:machzor macronuclei:macronucleus macrosporangia:macrosporangium madder:mad maddest:mad
made:make madornos:madrono maestri:maestro mafiosi:mafioso magi:magus magmata:magma
magnified:magnify mahzorim:mahzor makuta:likuta maligner:maligner mallei:malleus
malleoli:malleolus maloti:loti maltier:malty maltiest:malty mangier:mangy mangiest:mangy
mankier:manky mankiest:manky manlier:manly manliest:manly manteaux:manteau mantes:mantis
manubria:manubrium marchese:marchesa marchesi:marchese maremme:maremma mariner:mariner
markkaa:markka married:marry marshier:marshy marshiest:marshy marsupia:marsupium massier:massy
massiest:massy matrices:matrix matzoth:matzo maungier:maungy maungiest:maungy mausolea:mausoleum
maxima:maximum mazier:mazy maziest:mazy mealier:mealy mealiest:mealy meant:mean measlier:measly
measliest:measly meatier:meaty meatiest:meaty media:medium mediastina:mediastinum megara:megaron
megasporangia:megasporangium megilloth:megillah meioses:meiosis melanomata:melanoma
melismata:melisma memoranda:memorandum menisci:meniscus menservants:manservant
menstrua:menstruum merrier:merry merriest:merry mesdames:madame mesdemoiselles:mademoiselle
mesentera:mesenteron mesothoraces:mesothorax messeigneurs:monseigneur messier:messy
messiest:messy messieurs:monsieur metacarpi:metacarpus metamorphoses:metamorphosis
metanephroi:metanephros metastases:metastasis metatarsi:metatarsus metatheses:metathesis
metathoraces:metathorax metazoa:metazoan metempsychoses:metempsychosis
metencephala:metencephalon metrified:metrify mezuzoth:mezuzah miasmata:miasma mice:mouse
microanalyses:microanalysis micrococci:micrococcus micronuclei:micronucleus
microsporangia:microsporangium midrashim:midrash midwives:midwife miffier:miffy miffiest:miffy
might:may mightier:mighty mightiest:mighty milia:milium milieux:milieu milkier:milky
milkiest:milky millennia:millennium mimicked:mimic mimicking:mimic mingier:mingy mingiest:mingy
minified:minify minima:minimum ministeria:ministerium minyanim:minyan mioses:miosis
miracidia:miracidium miri:mir mirkier:mirky mirkiest:mirky misapplied:misapply
misbecame:misbecome miscarried:miscarry misdealt:misdeal misgave:misgive misgiven:misgive
mishnayoth:mishna mislaid:mislay misled:mislead mispled:misplead misspelt:misspell
misspent:misspend mistaken:mistake mistier:misty mistiest:misty mistook:mistake
misunderstood:misunderstand mitochondria:mitochondrion mitzvoth:mitzvah modeler:modeler
modified:modify modioli:modiolus moduli:modulus moldier:moldy moldiest:moldy mollified:mollify
molten:melt momenta:momentum momi:momus monochasia:monochasium monopodia:monopodium
monoptera:monopteron monopteroi:monopteros monsignori:monsignor moodier:moody moodiest:moody
mooncalves:mooncalf moonier:moony mooniest:moony moratoria:moratorium morceaux:morceau
morphallaxes:morphallaxis morphoses:morphosis mortified:mortify mosasauri:mosasaurus
moshavim:moshav moslim:moslem moslims:moslem mothier:mothy mothiest:mothy mouldier:mouldy
mouldiest:mouldy mousier:mousy mousiest:mousy mouthier:mouthy mouthiest:mouthy mown:mow
muckier:mucky muckiest:mucky mucrones:mucro muddied:muddy muddier:muddy muddiest:muddy
muggier:muggy muggiest:muggy multiplexer:multiplexer multiplied:multiply mummified:mummify
murices:murex murkier:murky murkiest:murky mushier:mushy mushiest:mushy muskallunge:muskellunge
muskier:musky muskiest:musky mustier:musty mustiest:musty mutinied:mutiny muzzier:muzzy
muzziest:muzzy mycelia:mycelium mycetomata:mycetoma mycobacteria:mycobacterium
myelencephala:myelencephalon myiases:myiasis myocardia:myocardium myomata:myoma myoses:myosis
mystified:mystify mythoi:mythos myxomata:myxoma naevi:naevus naoi:naos nappier:nappy
nappiest:nappy narcissi:narcissus nares:naris nasopharynges:nasopharynx nastier:nasty
nastiest:nasty natatoria:natatorium nattier:natty nattiest:natty naughtier:naughty
naughtiest:naughty nauplii:nauplius nautili:nautilus necropoleis:necropolis needier:needy
neediest:needy nemeses:nemesis nephridia:nephridium nervier:nervy nerviest:nervy
neurohypophyses:neurohypophysis neuromata:neuroma neuroptera:neuropteron neuroses:neurosis
nevi:nevus newsier:newsy newsiest:newsy nibelungen:nibelung nidi:nidus nidified:nidify
nielli:niello niftier:nifty niftiest:nifty nigrified:nigrify nimbi:nimbus
nimbostrati:nimbostratus nippier:nippy nippiest:nippy nitrified:nitrify nittier:nitty
nittiest:nitty nodi:nodus noes:no noisier:noisy noisiest:noisy nomina:nomen nonplussed:nonplus
nonplusses:nonplus nonplussing:nonplus northeasterner:northeasterner northerner:northerner
nosier:nosy nosiest:nosy nota:notum notified:notify noumena:noumenon novelle:novella
nucelli:nucellus nuclei:nucleus nucleoli:nucleolus nullified:nullify numina:numen nuttier:nutty
nuttiest:nutty oases:oasis obeli:obelus objectified:objectify obligati:obligato oboli:obolus
occipita:occiput occupied:occupy oceanaria:oceanarium ocelli:ocellus ocreae:ochrea
octahedra:octahedron octopi:octopus oculi:oculus odea:odeum oedemata:edema oesophagi:esophagus
oilier:oily oiliest:oily oldwives:oldwife olea:oleum oliver:oliver omasa:omasum omenta:omentum
ommatidia:ommatidium onagri:onager oogonia:oogonium oozier:oozy ooziest:oozy opener:opener
opercula:operculum optima:optimum organa:organon organums:organa orthoptera:orthopteron osar:os
oscula:osculum ossa:os ossified:ossify osteomata:osteoma ostia:ostium ottomans:othman
outbidden:outbid outbred:outbreed outcried:outcry outdid:outdo outdone:outdo outdrawn:outdraw
outdrew:outdraw outfought:outfight outgassed:outgas outgasses:outgas outgassing:outgas
outgone:outgo outgrew:outgrow outgrown:outgrow outlaid:outlay outran:outrun outridden:outride
outrode:outride outshone:outshine outshot:outshoot outsider:outsider outsold:outsell
outstood:outstand outthought:outthink outwent:outgo outwore:outwear outworn:outwear
overbidden:overbid overblew:overblow overblown:overblow overbore:overbear overborne:overbear
overbuilt:overbuild overcame:overcome overcomer:overcomer overdid:overdo overdone:overdo
overdrawn:overdraw overdrew:overdraw overdriven:overdrive overdrove:overdrive overflew:overfly
overflown:overflow overgrew:overgrow overgrown:overgrow overheard:overhear overhung:overhang
overlaid:overlay overlain:overlie overlay:overlie overlying:overlie overnighter:overnighter
overpaid:overpay overpast:overpass overran:overrun overridden:override overrode:override
oversaw:oversee overseen:oversee oversewn:oversew overshot:overshoot oversimplified:oversimplify
overslept:oversleep oversold:oversell overspent:overspend overspilt:overspill overtaken:overtake
overthrew:overthrow overthrown:overthrow overtook:overtake overwound:overwind
overwritten:overwrite overwrote:overwrite ovoli:ovolo ovotestes:ovotestis oxen:ox
oxymora:oxymoron pacified:pacify paid:pay paise:paisa palingeneses:palingenesis palled:pal
pallia:pallium pallier:pally palliest:pally palling:pal palmier:palmy palmiest:palmy
palpi:palpus palsied:palsy paltrier:paltry paltriest:paltry pancratia:pancratium pandied:pandy
panettoni:panettone panicked:panic panicking:panic paparazzi:paparazzo paperknives:paperknife
papillomata:papilloma pappi:pappus pappier:pappy pappiest:pappy papyri:papyrus
parabases:parabasis paraleipses:paraleipsis paralyses:paralysis paramecia:paramecium
paramenta:parament paraphyses:paraphysis parapodia:parapodium parapraxes:parapraxis
paraselenae:paraselene parashoth:parashah parasyntheta:parasyntheton parazoa:parazoan
parentheses:parenthesis parerga:parergon parhelia:parhelion parietes:paries parkier:parky
parkiest:parky parodied:parody parried:parry partaken:partake partook:partake parulides:parulis
pasquil:pasquinade pasquilled:pasquinade pasquilling:pasquinade pasquils:pasquinade
pastier:pasty pastiest:pasty pastorali:pastorale patagia:patagium patchier:patchy
patchiest:patchy patresfamilias:paterfamilias pawkier:pawky pawkiest:pawky peachier:peachy
peachiest:peachy pearlier:pearly pearliest:pearly pease:pea pectines:pecten pedaler:pedaler
pedes:pes pekingese:pekinese pelves:pelvis pence:penny penes:penis penetralium:penetralia
penicillia:penicillium penknives:penknife pennia:penni pent:pen pentahedra:pentahedron
pentimenti:pentimento pepla:peplum peppier:peppy peppiest:peppy pericardia:pericardium
perichondria:perichondrium pericrania:pericranium peridia:peridium perigonia:perigonium
perihelia:perihelion perinea:perineum perinephria:perinephrium perionychia:perionychium
periostea:periosteum periphrases:periphrasis peristalses:peristalsis perithecia:perithecium
peritonea:peritoneum perkier:perky perkiest:perky personified:personify peskier:pesky
peskiest:pesky petrified:petrify pettier:petty pettiest:petty phalanges:phalange phalli:phallus
phantasied:phantasy pharynges:pharynx phenomena:phenomenon philodendra:philodendron
phlyctenae:phlyctaena phonier:phony phoniest:phony photocopied:photocopy phyla:phylum
phylae:phyle phyllotaxes:phyllotaxis phylogeneses:phylogenesis physicked:physic
physicking:physic pickier:picky pickiest:picky picnicked:picnic picnicking:picnic piggier:piggy
piggiest:piggy pilea:pileum pilei:pileus pilloried:pillory pineta:pinetum pinier:piny
piniest:piny pirogi:pirog pitchier:pitchy pitchiest:pitchy pithecanthropi:pithecanthropus
pithier:pithy pithiest:pithy pithoi:pithos pitied:pity planetaria:planetarium plashier:plashy
plashiest:plashy plasmodesmata:plasmodesma plasmodia:plasmodium plateaux:plateau platier:platy
platiest:platy plectra:plectron pled:plead plena:plenum pleura:pleuron plied:ply
ploughmen:ploughman pluckier:plucky pluckiest:plucky plumier:plumy plumiest:plumy
plummier:plummy plummiest:plummy pneumobacilli:pneumobacillus pneumococci:pneumococcus
pocketknives:pocketknife podetia:podetium podgier:podgy podgiest:podgy podia:podium pokier:poky
pokiest:poky poleis:polis polisher:polisher pollices:pollex pollinia:pollinium
polychasia:polychasium polyhedra:polyhedron polyparia:polyparium polypi:polypus polyzoa:polyzoan
polyzoaria:polyzoarium pontes:pons pontifices:pontifex popes:popes porkier:porky porkiest:porky
portamenti:portamento portlier:portly portliest:portly portmanteaux:portmanteau
postliminia:postliminium pottier:potty pottiest:potty praenomina:praenomen praxes:praxis
preachier:preachy preachiest:preachy preachified:preachify predelle:predella prenomina:prenomen
preoccupied:preoccupy prepaid:prepay prese:presa presenter:presenter presignified:presignify
pretender:pretender prettied:pretty prettier:pretty prettiest:pretty prettified:prettify
pricier:pricy priciest:pricy pricklier:prickly prickliest:prickly pried:pry priestlier:priestly
priestliest:priestly primi:primo primmer:prim primmest:prim primordia:primordium
princelier:princely princeliest:princely principia:principium prissier:prissy prissiest:prissy
privateer:privateer privier:privy priviest:privy proboscides:proboscis prognoses:prognosis
programmes:program prolegomena:prolegomenon prolepses:prolepsis prologed:prologue
prologing:prologue prologs:prologue promycelia:promycelium pronephra:pronephros
pronephroi:pronephros pronuclei:pronucleus prophesied:prophesy propositi:propositus
proptoses:proptosis propyla:propylon propylaea:propylaeum proscenia:proscenium
prosencephala:prosencephalon prosier:prosy prosiest:prosy prostheses:prosthesis
prostomia:prostomium protases:protasis prothalamia:prothalamion prothalli:prothallus
prothallia:prothallium prothoraces:prothorax protonemata:protonema protozoa:protozoan
proven:prove proventriculi:proventriculus prytanea:prytaneum psalteria:psalterium
pseudopodia:pseudopodium psychoneuroses:psychoneurosis psychoses:psychosis pterygia:pterygium
ptoses:ptosis pubes:pubis pudenda:pudendum pudgier:pudgy pudgiest:pudgy puffier:puffy
puffiest:puffy puli:pul pulpier:pulpy pulpiest:pulpy pulvilli:pulvillus pulvini:pulvinus
punchier:punchy punchiest:punchy punier:puny puniest:puny puparia:puparium purified:purify
pushier:pushy pushiest:pushy pussier:pussy pussiest:pussy putamina:putamen putrefied:putrefy
putti:putto puttied:putty pycnidia:pycnidium pygidia:pygidium pylori:pylorus pyxides:pyxis
pyxidia:pyxidium qaddishim:qaddish quadrennia:quadrennium quaggier:quaggy quaggiest:quaggy
quakier:quaky quakiest:quaky qualia:quale qualified:qualify quanta:quantum quantified:quantify
quarried:quarry quartersawn:quartersaw quarterstaves:quarterstaff queasier:queasy
queasiest:queasy queenlier:queenly queenliest:queenly queried:query quinquennia:quinquennium
quizzed:quiz quizzes:quiz quizzing:quiz rachides:rhachis racier:racy raciest:racy radices:radix
radii:radius rainier:rainy rainiest:rainy rallied:rally ramenta:ramentum rami:ramus
ramified:ramify randier:randy randiest:randy rang:ring rangier:rangy rangiest:rangy
ranunculi:ranunculus raphae:raphe raphides:raphide rarefied:rarefy ratified:ratify rattier:ratty
rattiest:ratty rattlier:rattly rattliest:rattly raunchier:raunchy raunchiest:raunchy
readier:ready readiest:ready rearmice:rearmouse rebuilt:rebuild reclassified:reclassify
recopied:recopy recorder:recorder recta:rectum recti:rectus rectified:rectify rectrices:rectrix
redder:red reddest:red redid:redo redone:redo reedier:reedy reediest:reedy referenda:referendum
reft:reave refugia:refugium reguli:regulus reheard:rehear reified:reify reis:real relata:relatum
relied:rely remade:remake remarried:remarry remiges:remex rent:rend repaid:repay
replevied:replevy replied:reply reran:rerun reremice:rearmouse resat:resit reseaux:reseau
resewn:resew residua:residuum responsa:responsum retailer:retailer retaken:retake
rethought:rethink retia:rete retiarii:retiarius reticula:reticulum retinacula:retinaculum
retold:retell retook:retake retried:retry reunified:reunify revivified:revivify rewound:rewind
rewritten:rewrite rewrote:rewrite rhabdomyomata:rhabdomyoma rhachides:rhachis rhachises:rachis
rhinencephala:rhinencephalon rhizobia:rhizobium rhombi:rhombus rhonchi:rhonchus rhyta:rhyton
ricercacari:ricercare ricercari:ricercare ridden:ride rigidified:rigidify rilievi:rilievo
rimier:rimy rimiest:rimy risen:rise riskier:risky riskiest:risky ritzier:ritzy ritziest:ritzy
riven:rive rockier:rocky rockiest:rocky rode:ride roilier:roily roiliest:roily roma:rom
rondeaux:rondeau rookier:rooky rookiest:rooky roomier:roomy roomiest:roomy ropier:ropy
ropiest:ropy rosaria:rosarium rose:rise rosier:rosy rosiest:rosy rostella:rostellum
rostra:rostrum rouleaux:rouleau rove:reeve rowdier:rowdy rowdiest:rowdy ruddier:ruddy
ruddiest:ruddy rumina:rumen rung:ring runnier:runny runniest:runny rushier:rushy rushiest:rushy
rustier:rusty rustiest:rusty ruttier:rutty ruttiest:rutty saccharified:saccharify sacra:sacrum
sacraria:sacrarium sadder:sad saddest:sad said:say salaried:salary salespeople:salesperson
salified:salify sallied:sally salpinges:salpinx saltarelli:saltarello saltier:salty
saltiest:salty sancta:sanctum sanctified:sanctify sandier:sandy sandiest:sandy sang:sing
sanitaria:sanitarium sank:sink santimi:santims saponified:saponify sappier:sappy sappiest:sappy
sarcophagi:sarcophagus sartorii:sartorius sassanidae:sassanid sassier:sassy sassiest:sassy
satisfied:satisfy saucier:saucy sauciest:saucy savvied:savvy savvier:savvy savviest:savvy
sawn:saw scabbier:scabby scabbiest:scabby scaleni:scalenus scalier:scaly scaliest:scaly
scantier:scanty scantiest:scanty scarabaei:scarabaeus scarier:scary scariest:scary
scarified:scarify scarves:scarf schatchonim:schatchen schemata:schema scherzandi:scherzando
scherzi:scherzo schmoes:schmo scholia:scholium schuln:schul schutzstaffeln:schutzstaffel
scirrhi:scirrhus scleromata:scleroma scleroses:sclerosis sclerotia:sclerotium scoleces:scolex
scolices:scolex scorified:scorify scotomata:scotoma scraggier:scraggy scraggiest:scraggy
scragglier:scraggly scraggliest:scraggly scrappier:scrappy scrappiest:scrappy scrawnier:scrawny
scrawniest:scrawny screwier:screwy screwiest:screwy scried:scry scriptoria:scriptorium
scrota:scrotum scrubbier:scrubby scrubbiest:scrubby scruffier:scruffy scruffiest:scruffy
scudi:scudo scungier:scungy scungiest:scungy scurried:scurry scurvier:scurvy scurviest:scurvy
scuta:scutum scutella:scutellum scyphi:scyphus scyphozoa:scyphozoan seamier:seamy seamiest:seamy
seconder:seconder secondi:secondo seedier:seedy seediest:seedy seemlier:seemly seemliest:seemly
seen:see segni:segno seleucidae:seleucid selves:self sensilla:sensillum sent:send senti:sent
senussis:senusi separatrices:separatrix sephardim:sephardi septa:septum septaria:septarium
septennia:septennium sequestra:sequestrum sera:serum seraphim:seraph sestertia:sestertium
sewn:sew sexier:sexy sexiest:sexy sgraffiti:sgraffito shabbasim:shabbas shabbatim:shabbat
shabbier:shabby shabbiest:shabby shadchanim:shadchan shadchans:schatchen shadier:shady
shadiest:shady shaggier:shaggy shaggiest:shaggy shaken:shake shakier:shaky shakiest:shaky
shammosim:shammas shapelier:shapely shapeliest:shapely shat:shit shaven:shave sheaves:sheaf
shellacked:shellac shellacking:shellac shelves:shelf shent:shend shewn:shew shied:shy shier:shy
shiest:shy shiftier:shifty shiftiest:shifty shillyshallied:shillyshally shimmied:shimmy
shinier:shiny shiniest:shiny shinleaves:shinleaf shirtier:shirty shirtiest:shirty
shittim:shittah shmoes:shmo shod:shoe shoddier:shoddy shoddiest:shoddy shofroth:shofar
shone:shine shook:shake shophroth:shophar shot:shoot showier:showy showiest:showy shown:show
shrank:shrink shrewmice:shrewmouse shriven:shrive shrove:shrive shrubbier:shrubby
shrubbiest:shrubby shrunk:shrink shrunken:shrink shuln:shul shyer:shy shyest:shy sicked:sic
sicking:sic sicklier:sickly sickliest:sickly siddurim:siddur sightlier:sightly
sightliest:sightly sightsaw:sightsee sightseen:sightsee sigloi:siglos signaler:signaler
signified:signify signore:signora signori:signior signorine:signorina silicified:silicify
silkier:silky silkiest:silky sillier:silly silliest:silly simplified:simplify
simulacra:simulacrum sincipita:sinciput sinfonie:sinfonia sistra:sistrum skellied:skelly
sketchier:sketchy sketchiest:sketchy skimpier:skimpy skimpiest:skimpy skinnier:skinny
skinniest:skinny skivvied:skivvy skydove:skydive slain:slay slaphappier:slaphappy
slaphappiest:slaphappy slatier:slaty slatiest:slaty sleazier:sleazy sleaziest:sleazy
sleepier:sleepy sleepiest:sleepy slept:sleep slew:slay slid:slide slidden:slide slier:sly
sliest:sly slimier:slimy slimiest:slimy slimmer:slim slimmest:slim slimsier:slimsy
slimsiest:slimsy slinkier:slinky slinkiest:slinky slippier:slippy slippiest:slippy
sloppier:sloppy sloppiest:sloppy slung:sling slunk:slink slyer:sly slyest:sly smalti:smalto
smarmier:smarmy smarmiest:smarmy smellier:smelly smelliest:smelly smelt:smell smit:smite
smitten:smite smokier:smoky smokiest:smoky smote:smite smugger:smug smuggest:smug
snaggleteeth:snaggletooth snakier:snaky snakiest:snaky snappier:snappy snappiest:snappy
snatchier:snatchy snatchiest:snatchy snazzier:snazzy snazziest:snazzy sniffier:sniffy
sniffiest:sniffy snootier:snooty snootiest:snooty snottier:snotty snottiest:snotty snowier:snowy
snowiest:snowy snuck:sneak snuffier:snuffy snuffiest:snuffy snugger:snug snuggest:snug
soapier:soapy soapiest:soapy socmen:socman soggier:soggy soggiest:soggy sola:solum
solaria:solarium solatia:solatium sold:sell soldi:soldo solemnified:solemnify soles:sol
solfeggi:solfeggio soli:solo solidi:solidus solidified:solidify somata:soma sonsier:sonsy
sonsiest:sonsy soothsaid:soothsay sootier:sooty sootiest:sooty soppier:soppy soppiest:soppy
soprani:soprano sordini:sordino sori:sorus soroses:sorosis sorrier:sorry sorriest:sorry
sought:seek soupier:soupy soupiest:soupy southerner:southerner sovkhozy:sovkhoz sown:sow
spadices:spadix spat:spit specified:specify spectra:spectrum specula:speculum sped:speed
speechified:speechify speedier:speedy speediest:speedy spellbound:spellbind spelt:spell
spent:spend spermatia:spermatium spermatogonia:spermatogonium spermatozoa:spermatozoon
spermogonia:spermogonium sphinges:sphinx spicier:spicy spiciest:spicy spicula:spiculum spied:spy
spiffier:spiffy spiffiest:spiffy spikier:spiky spikiest:spiky spilt:spill spindlier:spindly
spindliest:spindly spinier:spiny spiniest:spiny spirilla:spirillum splashier:splashy
splashiest:splashy splayfeet:splayfoot splenii:splenius spoilt:spoil spoke:speak spoken:speak
spongier:spongy spongiest:spongy spookier:spooky spookiest:spooky spoonier:spoony
spooniest:spoony sporangia:sporangium sporogonia:sporogonium sporozoa:sporozoan sportier:sporty
sportiest:sporty spotlit:spotlight spottier:spotty spottiest:spotty sprang:spring sprier:spry
spriest:spry sprightlier:sprightly sprightliest:sprightly springhase:springhaas
springier:springy springiest:springy sprung:spring spumoni:spumone spun:spin sputa:sputum
squashier:squashy squashiest:squashy squatter:squat squattest:squat squattier:squatty
squattiest:squatty squiffier:squiffy squiffiest:squiffy squilgee:squeegee squizzes:squiz
stadia:stadium stagier:stagy stagiest:stagy stalkier:stalky stalkiest:stalky stamina:stamen
staminodia:staminodium stank:stink stapedes:stapes staphylococci:staphylococcus
starchier:starchy starchiest:starchy starrier:starry starriest:starry startsy:starets
statelier:stately stateliest:stately steadied:steady steadier:steady steadiest:steady
stealthier:stealthy stealthiest:stealthy steamier:steamy steamiest:steamy stelae:stele
stellified:stellify stemmata:stemma stenoses:stenosis stepchildren:stepchild sterna:sternum
stied:sty stigmata:stigma stimuli:stimulus stingier:stingy stingiest:stingy stiper:striper
stipites:stipes stirpes:stirps stoae:stoa stockier:stocky stockiest:stocky stodgier:stodgy
stodgiest:stodgy stole:steal stolen:steal stomata:stoma stomodaea:stomodaeum stomodea:stomodeum
stonier:stony stoniest:stony stood:stand storied:story stormier:stormy stormiest:stormy
stotinki:stotinka stotkini:stotinka stove:stave strata:stratum strati:stratus
stratified:stratify stratocumuli:stratocumulus streakier:streaky streakiest:streaky
streamier:streamy streamiest:streamy streptococci:streptococcus stretchier:stretchy
stretchiest:stretchy stretti:stretto strewn:strew striae:stria stridden:stride stringier:stringy
stringiest:stringy stripier:stripy stripiest:stripy striven:strive strobili:strobilus
strode:stride stromata:stroma stronger:strong strongest:strong stroppier:stroppy
stroppiest:stroppy strove:strive strown:strow struck:strike strung:string stuck:stick
studied:study stuffier:stuffy stuffiest:stuffy stultified:stultify stumpier:stumpy
stumpiest:stumpy stung:sting stunk:stink stupefied:stupefy sturdier:sturdy sturdiest:sturdy
styli:stylus stylopes:stylops stylopodia:stylopodium stymying:stymie subcortices:subcortex
subdeliria:subdelirium subgenera:subgenus subindices:subindex subjectified:subjectify
submariner:submariner subphyla:subphylum substrasta:substratum succedanea:succedaneum
succubi:succubus sudaria:sudarium sudatoria:sudatorium sulci:sulcus sulkier:sulky sulkiest:sulky
sullied:sully sultrier:sultry sultriest:sultry sung:sing sunk:sink sunken:sink sunnier:sunny
sunniest:sunny superstrata:superstratum supplied:supply surlier:surly surliest:surly swam:swim
swankier:swanky swankiest:swanky swarthier:swarthy swarthiest:swarthy sweatier:sweaty
sweatiest:sweaty sweetiewives:sweetiewife swept:sweep swollen:swell swopped:swap swopping:swap
swops:swap swore:swear sworn:swear swum:swim swung:swing syconia:syconium syllabi:syllabus
syllabified:syllabify syllepses:syllepsis symphyses:symphysis sympodia:sympodium
symposia:symposium synapses:synapsis synarthroses:synarthrosis synclinoria:synclinorium
syncytia:syncytium syndesmoses:syndesmosis synopses:synopsis syntagmata:syntagma
syntheses:synthesis syphilomata:syphiloma syringes:syrinx syssarcoses:syssarcosis
tableaux:tableau tackier:tacky tackiest:tacky taken:take talcked:talc talcking:talc tali:talus
talkier:talky talkiest:talky tallaisim:tallith tallied:tally tallitoth:tallith tammied:tammy
tangier:tangy tangiest:tangy tanner:tan tannest:tan tapeta:tapetum tardier:tardy tardiest:tardy
tarried:tarry tarsi:tarsus tarsometatarsi:tarsometatarsus tastier:tasty tastiest:tasty
tattier:tatty tattiest:tatty taught:teach tawdrier:tawdry tawdriest:tawdry taxa:taxon
taxis:taxis techier:techy techiest:techy tectrices:tectrix teenager:teenager teenier:teeny
teeniest:teeny teeth:tooth teetotaler:teetotaler tegmina:tegmen telangiectases:telangiectasia
telia:telium tempi:tempo tenacula:tenaculum tenderfeet:tenderfoot tenues:tenuis tepefied:tepefy
teraphim:teraph terata:teras teredines:teredo terga:tergum termini:terminus terraria:terrarium
terrified:terrify terzetti:terzetto testes:testes testier:testy testiest:testy testified:testify
testudines:testudo tetchier:tetchy tetchiest:tetchy tetrahedra:tetrahedron
tetraskelia:tetraskelion thalamencephala:thalamencephalon thalami:thalamus thalli:thallus
therses:thyrse thesauri:thesaurus theses:thesis thickleaves:thickleaf thieves:thief thinner:thin
thinnest:thin thirstier:thirsty thirstiest:thirsty tholoi:tholos thoraces:thorax thornier:thorny
thorniest:thorny thought:think threadier:thready threadiest:thready threw:throw
thriftier:thrifty thriftiest:thrifty thriven:thrive throatier:throaty throatiest:throaty
thrombi:thrombus throve:thrive thrown:throw thymi:thymus thyrsi:thyrsus tidied:tidy tidier:tidy
tidiest:tidy timelier:timely timeliest:timely tinier:tiny tiniest:tiny tinnier:tinny
tinniest:tinny tintinnabula:tintinnabulum tipsier:tipsy tipsiest:tipsy titmice:titmouse
toadied:toady told:tell tomenta:tomentum tondi:tondo tonier:tony toniest:tony tonneaux:tonneau
took:take toothier:toothy toothiest:toothy tophi:tophus topoi:topos tore:tear tori:torus
torn:tear torrefied:torrefy torrify:torrefy torsi:torso touchier:touchy touchiest:touchy
trafficked:traffic trafficking:traffic tragi:tragus trameled:trammel trameling:trammel
tramelled:trammel tramelling:trammel tramels:trammel transfixt:transfix tranship:transship
transmogrified:transmogrify trapezia:trapezium trapezohedra:trapezohedron trashier:trashy
trashiest:trashy traumata:trauma travestied:travesty trendier:trendy trendiest:trendy
treponemata:treponema trickier:tricky trickiest:tricky tricksier:tricksy tricksiest:tricksy
triclinia:triclinium tried:try triennia:triennium triforia:triforium trihedra:trihedron
trimmer:trim trimmest:trim triskelia:triskelion trisoctahedra:trisoctahedron triumviri:triumvir
trivia:trivium trod:tread trodden:tread tropaeola:tropaeolum trousseaux:trousseau truer:true
truest:true trustier:trusty trustiest:trusty trymata:tryma tubbier:tubby tubbiest:tubby
tumefied:tumefy turfier:turfy turfiest:turfy turves:turf tweedier:tweedy tweediest:tweedy
twiggier:twiggy twiggiest:twiggy tying:tie tympana:tympanum typewritten:typewrite
typewrote:typewrite typified:typify tyros:tiro ubermenschen:ubermensch uglier:ugly ugliest:ugly
uglified:uglify uigurs:uighur ultimata:ultimatum umbilici:umbilicus umbones:umbo unbent:unbend
unbound:unbind unci:uncus uncidia:uredium unclad:unclothe underbought:underbuy
underfed:underfeed undergirt:undergird undergone:undergo underlaid:underlay underlain:underlie
underlay:underlie underlying:underlie underpaid:underpay undershot:undershoot
undersold:undersell understood:understand understudied:understudy undertaken:undertake
undertook:undertake underwent:undergo underwritten:underwrite underwrote:underwrite undid:undo
undone:undo unfriendlier:unfriendly unfriendliest:unfriendly unfroze:unfreeze unfrozen:unfreeze
ungainlier:ungainly ungainliest:ungainly ungodlier:ungodly ungodliest:ungodly unhappier:unhappy
unhappiest:unhappy unhealthier:unhealthy unhealthiest:unhealthy unholier:unholy unholiest:unholy
unified:unify unlaid:unlay unlearnt:unlearn unmade:unmake unrove:unreeve unrulier:unruly
unruliest:unruly unsaid:unsay unslung:unsling unspoke:unspeak unspoken:unspeak
unsteadied:unsteady unstrung:unstring unstuck:unstick unswore:unswear unsworn:unswear
untaught:unteach unthought:unthink untidied:untidy untidier:untidy untidiest:untidy
untrod:untread untrodden:untread untying:untie unwound:unwind upbuilt:upbuild upheld:uphold
uphove:upheave uprisen:uprise uprose:uprise upsprang:upspring upsprung:upspring upswept:upsweep
upswollen:upswell upswung:upswing uredines:uredo uredinia:uredinium uredosori:uredosorus
urinalyses:urinalysis uteri:uterus utriculi:utriculus vacua:vacuum vagi:vagus
vaporetti:vaporetto varices:varix varied:vary vasa:vas vascula:vasculum vastier:vasty
vastiest:vasty vela:velum velamina:velamen velaria:velarium ventriculi:ventriculus
verbified:verbify verified:verify vermes:vermis versified:versify vertices:vertex
vertigines:vertigo vexilla:vexillum viatica:viaticum vibracula:vibraculum viewier:viewy
viewiest:viewy vilified:vilify villi:villus vimina:vimen vincula:vinculum vires:vis
virtuosi:virtuoso vitelli:vitellus vitrified:vitrify vivaria:vivarium vivified:vivify voces:vox
volte:volta vortices:vortex vying:vie wackier:wacky wackiest:wacky waddied:waddy wahhabis:wahabi
wanner:wan wannest:wan warier:wary wariest:wary washier:washy washiest:washy wavier:wavy
waviest:wavy waxier:waxy waxiest:waxy waylaid:waylay weaklier:weakly weakliest:weakly
wealthier:wealthy wealthiest:wealthy wearied:weary wearier:weary weariest:weary webbier:webby
webbiest:webby weedier:weedy weediest:weedy weenier:weeny weeniest:weeny weensier:weensy
weensiest:weensy weepier:weepy weepiest:weepy weightier:weighty weightiest:weighty went:go
wept:weep were:be werewolves:werewolf wetter:wet wettest:wet whackier:whacky whackiest:whacky
wharves:wharf whimsier:whimsy whimsiest:whimsy whinnied:whinny whipsawn:whipsaw whizzed:whiz
whizzes:whiz whizzing:whiz wholesaler:wholesaler wieldier:wieldy wieldiest:wieldy wilier:wily
wiliest:wily windier:windy windiest:windy winier:winy winiest:winy winterfed:winterfeed
winterier:wintery winteriest:wintery wintrier:wintry wintriest:wintry wiredrawn:wiredraw
wiredrew:wiredraw wirier:wiry wiriest:wiry wispier:wispy wispiest:wispy withdrawn:withdraw
withdrew:withdraw withheld:withhold withstood:withstand wittier:witty wittiest:witty wives:wife
woke:wake woken:wake wolves:wolf wonkier:wonky wonkiest:wonky woodier:woody woodiest:woody
woodlice:woodlouse woodsier:woodsy woodsiest:woodsy woollier:woolly woolliest:woolly
woozier:woozy wooziest:woozy wordier:wordy wordiest:wordy wore:wear worldlier:worldly
worldliest:worldly wormier:wormy wormiest:wormy worn:wear worried:worry worse:bad worst:bad
worthier:worthy worthiest:worthy wound:wind wove:weave woven:weave wried:wry wrier:wry
wriest:wry written:write wrote:write wrought:work wrung:wring wryer:wry wryest:wry
xiphisterna:xiphisternum yarer:yare yarest:yare ycleped:clepe yclept:clepe yeastier:yeasty
yeastiest:yeasty yeshivahs:yeshiva yeshivoth:yeshiva yogin:yogi younger:young youngest:young
yourselves:yourself yummier:yummy yummiest:yummy zanier:zany zaniest:zany zecchini:zecchino
zippier:zippy zippiest:zippy zoaeae:zoaea zoeae:zoea zoeas:zoaea zoonoses:zoonosis
zoosporangia:zoosporangium
"""

WORDNET_EXCEPTIONS: dict[str, str] = dict(pair.split(":") for pair in _PAIRS.split())
