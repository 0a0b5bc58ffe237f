#!/usr/bin/env python3
"""Writes the unit-record oracle cases (run-oracle format, ../shared/oracle/README.md) into cases/.

Each case runs a few small channel programs, one SSCH + WAIT each, so every program's final
status is logged; the CCW trace gives the status and residual of every CCW.
Run: python3 make-cases.py cases && ../../../../../../shared/oracle/run-oracle -d results cases/*.json
"""
import json, os, sys

def prog(addr, ccws):
    return {"addr": hex(addr), "format": 1, "ccws": ccws}

def ccw(cmd, addr, flags, count):
    return {"cmd": hex(cmd), "addr": hex(addr), "flags": flags, "count": count}

def runs(dev, addrs):
    steps = []
    for a in addrs:
        steps.append({"op": "ssch", "dev": dev, "orb": {"key": 0, "f": 1, "lpm": "0x80", "cpa": hex(a)}})
        steps.append({"op": "wait", "dev": dev})
    return steps

CASES = []

# u1: 1403 carriage control and what lands in the output file
p = 0x1000
programs = [
    prog(0x1000, [ccw(0x01, 0x4000, "CC", 6), ccw(0x09, 0x4010, "CC", 6), ccw(0x11, 0x4020, "CC", 6),
                  ccw(0x1B, 0x4000, "CC", 1), ccw(0x19, 0x4030, "CC", 6), ccw(0x8B, 0x4000, "CC", 1),
                  ccw(0x09, 0x4040, "CC", 10), ccw(0x89, 0x4050, "", 6)]),
    prog(0x1100, [ccw(0xFF, 0x4000, "", 4)]),          # not a printer command
    prog(0x1200, [ccw(0x04, 0x5000, "", 4)]),          # sense after the reject
    prog(0x1300, [ccw(0x09, 0x4060, "", 200)]),        # count larger than 132 print positions
    prog(0x1400, [ccw(0x04, 0x5010, "SLI", 4)]),
]
CASES.append({
    "name": "u1_printer_carriage",
    "description": "1403: write without space, write+space 1/2/3, space 3 immediate, skip to channel 1 immediate and after write; invalid command 0xFF; Sense; a 200-byte write",
    "devices": [{"devnum": "000E", "type": "1403"}],
    "memory": [{"addr": "0x4000", "ebcdic": "LINE A"}, {"addr": "0x4010", "ebcdic": "LINE B"},
               {"addr": "0x4020", "ebcdic": "LINE C"}, {"addr": "0x4030", "ebcdic": "LINE D"},
               {"addr": "0x4040", "ebcdic": "AFTER SKIP"}, {"addr": "0x4050", "ebcdic": "LAST E"},
               {"addr": "0x4060", "ebcdic": "W" * 200},
               {"addr": "0x5000", "fill": "0xAA", "len": 32}],
    "channel_programs": programs,
    "steps": runs("000E", [0x1000, 0x1100, 0x1200, 0x1300, 0x1400]),
    "dump": [{"addr": "0x5000", "len": 32}],
})

# u2: 1403 forms: space until channel 9 / channel 12, skip immediate to channel 9 and 12
programs = [
    prog(0x1000, [ccw(0x1B, 0x4000, "CC", 1) for _ in range(29)] + [ccw(0x1B, 0x4000, "", 1)]),
    prog(0x1200, [ccw(0x04, 0x5000, "SLI", 4)]),
    prog(0x1300, [ccw(0x8B, 0x4000, "CC", 1)] + [ccw(0x0B, 0x4000, "CC", 1) for _ in range(79)] + [ccw(0x0B, 0x4000, "", 1)]),
    prog(0x1700, [ccw(0x04, 0x5010, "SLI", 4)]),
    prog(0x1800, [ccw(0x8B, 0x4000, "CC", 1), ccw(0xCB, 0x4000, "CC", 1), ccw(0x04, 0x5020, "SLI", 4)]),
    prog(0x1900, [ccw(0x8B, 0x4000, "CC", 1), ccw(0xE3, 0x4000, "CC", 1), ccw(0x04, 0x5030, "SLI", 4)]),
    prog(0x1A00, [ccw(0x83, 0x4000, "", 1)]),
]
CASES.append({
    "name": "u2_printer_channels",
    "description": "1403: space 3 immediate x30 (where are channels 9 and 12 on the default FCB?), space 1 x80 from top of form, skip immediate to channel 9 and to channel 12, skip to channel 0",
    "devices": [{"devnum": "000E", "type": "1403"}],
    "memory": [{"addr": "0x4000", "ebcdic": "X"}, {"addr": "0x5000", "fill": "0xAA", "len": 64}],
    "channel_programs": programs,
    "steps": runs("000E", [0x1000, 0x1200, 0x1300, 0x1700, 0x1800, 0x1900, 0x1A00]),
    "dump": [{"addr": "0x5000", "len": 64}],
})

# u3: 3505 count rules, data chaining, feed, invalid command, sense, end of deck
programs = [
    prog(0x1000, [ccw(0x02, 0x3000, "CD", 40), ccw(0x02, 0x3028, "", 40)]),   # one card over two CCWs
    prog(0x1100, [ccw(0x02, 0x3100, "", 10)]),                                # short count: more data
    prog(0x1200, [ccw(0x02, 0x3200, "SLI", 10)]),
    prog(0x1300, [ccw(0x02, 0x3300, "", 100)]),                               # long count
    prog(0x1400, [ccw(0x23, 0x3400, "", 1)]),                                 # feed (skips a card)
    prog(0x1500, [ccw(0x01, 0x3400, "", 80)]),                                # write: invalid for a reader
    prog(0x1600, [ccw(0x04, 0x5000, "", 4)]),
    prog(0x1700, [ccw(0x02, 0x3500, "SLI", 80)]),                             # last card
    prog(0x1800, [ccw(0x02, 0x3600, "SLI", 80)]),                             # end of deck
    prog(0x1900, [ccw(0x04, 0x5010, "SLI", 4)]),
    prog(0x1A00, [ccw(0xE4, 0x5020, "SLI", 16)]),
]
CASES.append({
    "name": "u3_reader_rules",
    "description": "3505: data chaining over one card, short and long counts with and without SLI, feed 0x23, invalid 0x01, Sense, end of deck with SLI, Sense after end of deck, Sense ID",
    "devices": [{"devnum": "000C", "type": "3505",
                 "cards": ["CARD 1 DATA CHAINED" + " " * 20 + "SECOND HALF", "CARD 2", "CARD 3", "CARD 4", "CARD 5 FED", "CARD 6"]}],
    "memory": [{"addr": "0x3000", "fill": "0xAA", "len": 2048}, {"addr": "0x5000", "fill": "0xAA", "len": 64}],
    "channel_programs": programs,
    "steps": runs("000C", [0x1000, 0x1100, 0x1200, 0x1300, 0x1400, 0x1500, 0x1600, 0x1700, 0x1800, 0x1900, 0x1A00]),
    "dump": [{"addr": "0x3000", "len": 0x680}, {"addr": "0x5000", "len": 64}],
})

# u4: 3505 raw EBCDIC deck, reader without eof (intervention required)
programs = [
    prog(0x1000, [ccw(0x02, 0x3000, "", 80)]),
    prog(0x1100, [ccw(0x02, 0x3100, "", 80)]),
    prog(0x1200, [ccw(0x04, 0x5000, "SLI", 4)]),
]
CASES.append({
    "name": "u4_reader_noeof",
    "description": "3505 with an EBCDIC deck and no eof option: one raw card, then reading past the end",
    "devices": [{"devnum": "000C", "type": "3505", "opts": ["ebcdic"], "cards_hex": ["00010203 C1C2C3 FF"]}],
    "memory": [{"addr": "0x3000", "fill": "0xAA", "len": 512}, {"addr": "0x5000", "fill": "0xAA", "len": 16}],
    "channel_programs": programs,
    "steps": runs("000C", [0x1000, 0x1100, 0x1200]),
    "dump": [{"addr": "0x3000", "len": 256}, {"addr": "0x5000", "len": 16}],
})

# u5: 3525 punch and 3215-C console
programs = [
    prog(0x1000, [ccw(0x01, 0x4000, "CC", 80), ccw(0x01, 0x4100, "", 12)]),
    prog(0x1100, [ccw(0x01, 0x4200, "SLI", 12)]),
    prog(0x1200, [ccw(0x01, 0x4200, "", 100)]),
    prog(0x1300, [ccw(0x02, 0x4000, "", 80)]),
    prog(0x1400, [ccw(0x04, 0x5000, "", 4)]),
    prog(0x1500, [ccw(0xE4, 0x5010, "SLI", 16)]),
    prog(0x1600, [ccw(0x03, 0x4000, "", 1)]),
    prog(0x1700, [ccw(0x09, 0x4300, "", 9)]),
    prog(0x1800, [ccw(0xE4, 0x5020, "SLI", 16)]),
    prog(0x1900, [ccw(0xFF, 0x4000, "", 4)]),
    prog(0x1A00, [ccw(0x04, 0x5030, "", 4)]),
    prog(0x1B00, [ccw(0x01, 0x4300, "", 9)]),
]
CASES.append({
    "name": "u5_punch_console",
    "description": "3525: punch 80, punch 12 without and with SLI, punch 100, read (invalid), Sense, Sense ID, NOP; 3215-C: write+CR, Sense ID, invalid 0xFF, Sense, write no CR",
    "devices": [{"devnum": "000D", "type": "3525", "opts": ["ascii"]}, {"devnum": "0009", "type": "3215-C", "args": ["/"]}],
    "memory": [{"addr": "0x4000", "ebcdic": "PUNCHED CARD ONE", "len": 80}, {"addr": "0x4100", "ebcdic": "SHORT CARD"},
               {"addr": "0x4200", "ebcdic": "TWELVE BYTES" + "Z" * 88}, {"addr": "0x4300", "ebcdic": "HELLO CON"},
               {"addr": "0x5000", "fill": "0xAA", "len": 64}],
    "channel_programs": programs,
    "steps": runs("000D", [0x1000, 0x1100, 0x1200, 0x1300, 0x1400, 0x1500, 0x1600]) + runs("0009", [0x1700, 0x1800, 0x1900, 0x1A00, 0x1B00]),
    "dump": [{"addr": "0x5000", "len": 64}],
})

out = sys.argv[1] if len(sys.argv) > 1 else "cases"
os.makedirs(out, exist_ok=True)
for c in CASES:
    with open(os.path.join(out, c["name"] + ".json"), "w") as f:
        json.dump(c, f, indent=1)
        f.write("\n")
print("%d cases" % len(CASES))
