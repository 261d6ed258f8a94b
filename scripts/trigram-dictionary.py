#!/usr/bin/env python3
"""Prints `CustomerTrigramMask.dictionary` (Sources/ClienteleStore/Migrations/0035_MaskCommonTrigrams.swift): the 63
most frequent letter trigrams of the common given and family names below, ties in the order first seen. Names are
folded as the search folds them (diacritics dropped, lower case).

    python3 scripts/trigram-dictionary.py
"""
import collections
import unicodedata

GIVEN = """james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan joseph jessica
thomas sarah charles karen christopher nancy daniel lisa matthew betty anthony margaret mark sandra donald ashley steven
kimberly paul emily andrew donna joshua michelle kenneth dorothy kevin carol brian amanda george melissa edward deborah
ronald stephanie timothy rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas shirley eric
angela jonathan helen stephen anna larry brenda justin pamela scott nicole brandon emma benjamin samantha samuel katherine
gregory christine frank debra alexander rachel raymond catherine patrick carolyn jack janet dennis ruth jerry maria tyler
heather aaron diane jose virginia adam julie henry joyce nathan victoria douglas olivia zachary kelly peter christina kyle
lauren walter joan ethan evelyn jeremy judith harold megan keith cheryl christian andrea roger hannah noah martha gerald
jacqueline carl frances terry gloria sean ann austin teresa arthur kathryn lawrence sara jesse janice dylan jean bryan alice
joe madison jordan doris billy abigail bruce julia albert judy willie grace gabriel denise logan amber alan marilyn juan
beverly wayne danielle roy theresa ralph sophia randy marie eugene diana vincent brittany russell natalie elijah isabella
louis charlotte bobby rose philip alexis johnny kayla oliver amelia harry isla jacob ava leo emily lukas mia jonas lea leon
finn lena johanna sophie marie max felix ben paul hugo louise jade chloe ines lucas lucia martin sofia pablo mateo alvaro
paula luca giulia francesco alessandro sofia matteo lorenzo chiara andrea marco elena jan anna piotr katarzyna tomasz agnieszka
aarav ananya vihaan diya arjun saanvi ishaan kavya priya rahul amit neha sanjay pooja wei li mohammed fatima ahmed ali omar
yusuf aisha ivan olga sergei natalia dmitri svetlana""".split()
FAMILY = """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas
taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright
scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner
diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey
reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez
castillo sanders patel myers long ross foster jimenez muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann
koch richter klein wolf schroder neumann schwarz zimmermann braun kruger bernard dubois durand leroy moreau simon laurent lefebvre
michel fontaine rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti de jong jansen de vries
van dijk bakker visser nowak kowalski wisniewski wojcik kaminski sharma verma gupta singh kumar reddy iyer nair das khan ali
ahmed hussain wang li zhang liu chen yang huang zhao wu zhou ivanov smirnov kuznetsov popov sokolov o'brien murphy kelly byrne
ryan walsh""".split()


def main():
    count = collections.Counter()
    for name in GIVEN + FAMILY:
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        for start in range(len(folded) - 2):
            trigram = folded[start:start + 3]
            if trigram.isalpha():
                count[trigram] += 1
    print(", ".join(f'"{trigram}"' for trigram, _ in count.most_common(63)))


if __name__ == "__main__":
    main()
