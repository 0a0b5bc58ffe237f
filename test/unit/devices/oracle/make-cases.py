"""Oracle cases for the 3390 device (test/unit/devices): python3 make-cases.py cases

Each channel program is followed by a Sense program (unless sense=False); read buffers and
sense buffers are dumped. Run them with the oracle (../shared/oracle/run-oracle -d raw cases/*.json from the repository
root's parent) and trim the results with trim-results.py raw results."""
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def dasd(cyls=10, volser="TEST01", tracks=None, opts=None, typ="3390"):
    d = {"devnum": "0190", "type": typ, "cyls": cyls, "volser": volser}
    if tracks: d["tracks"] = tracks
    if opts: d["dasdinit_opts"] = opts
    return [d]

def case(name, desc, programs, dev=None, dump_tracks=None, sense=True):
    """programs: list of lists of (cmd, flags, count, hexdata|None). Read-type CCWs (hexdata None) get a 0xAA buffer."""
    memory, cps, steps, dump = [], [], [], []
    data_addr = 0x10000
    for i, prog in enumerate(programs):
        cpa = 0x1000 + i * 0x400
        ccws = []
        for (cmd, flags, count, data) in prog:
            if data is None:
                memory.append({"addr": hex(data_addr), "fill": "0xAA", "len": max(count, 1) + 8})
                dump.append({"addr": hex(data_addr), "len": max(count, 1) + 8})
            else:
                memory.append({"addr": hex(data_addr), "hex": data})
            ccws.append({"cmd": cmd, "flags": flags, "count": count, "addr": hex(data_addr)})
            data_addr += (max(count, 16) + 8 + 255) // 256 * 256
        cps.append({"addr": hex(cpa), "format": 1, "ccws": ccws})
        steps += [{"op": "ssch", "dev": "0190", "orb": {"key": 0, "f": 1, "lpm": "0x80", "cpa": hex(cpa), "intparm": "0x11223344"}},
                  {"op": "wait", "dev": "0190"}]
        if sense:
            scpa = cpa + 0x200
            memory.append({"addr": hex(data_addr), "fill": "0xAA", "len": 40})
            dump.append({"addr": hex(data_addr), "len": 40})
            cps.append({"addr": hex(scpa), "format": 1, "ccws": [{"cmd": "0x04", "flags": "", "count": 32, "addr": hex(data_addr)}]})
            data_addr += 256
            steps += [{"op": "ssch", "dev": "0190", "orb": {"key": 0, "f": 1, "lpm": "0x80", "cpa": hex(scpa), "intparm": "0x55667788"}},
                      {"op": "wait", "dev": "0190"}]
    c = {"name": name, "description": desc, "devices": dev or dasd(), "memory": memory,
         "channel_programs": cps, "steps": steps, "dump": dump}
    if dump_tracks: c["dump_tracks"] = dump_tracks
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(c, f, indent=1); f.write("\n")

DE = "00C00000 00000000 00000000 0000000E"      # cyl 0 heads 0-14
DE_ALL = "00C00000 00000000 00000000 0009000E"  # whole 10-cylinder volume
def lr(b0, aux, count, seek, search, sector=0, tlf=0):
    return "%02X%02X00%02X %s %s %02X%04X" % (b0, aux, count, seek, search, sector, tlf)
CC, N, SLI = "CC", "", "SLI"

# prepopulated tracks used by several cases
T01 = {"cyl": 0, "head": 1, "records": [
    {"r": 0, "data": "0000000000000000"},
    {"r": 1, "key": {"ebcdic": "KEY1"}, "data": {"ebcdic": "RECORD ONE", "len": 100}},
    {"r": 2, "data": {"fill": "0x5A", "len": 40}}]}
T02 = {"cyl": 0, "head": 2, "records": [
    {"r": 0, "data": "0000000000000000"},
    {"r": 1, "data": {"fill": "0x21", "len": 32}},
    {"r": 2, "data": {"fill": "0x22", "len": 32}}]}
T03 = {"cyl": 0, "head": 3, "records": [
    {"r": 0, "data": "0000000000000000"},
    {"r": 1, "data": {"fill": "0x31", "len": 32}},
    {"r": 2, "data": ""},
    {"r": 3, "data": {"fill": "0x33", "len": 32}}]}
TE = {"cyl": 0, "head": 14, "records": [
    {"r": 0, "data": "0000000000000000"},
    {"r": 1, "data": {"fill": "0xE1", "len": 16}}]}
T10 = {"cyl": 1, "head": 0, "records": [
    {"r": 0, "data": "0000000000000000"},
    {"r": 1, "data": {"fill": "0x10", "len": 16}}]}
POP = dasd(tracks=[T01, T02, T03, TE, T10])

case("v_fresh_volume", "fresh dasdinit volume (volser TEST01): NOP; dump tracks 0/0, 0/1, 9/14",
     [[("0x03", N, 1, "00")]], dump_tracks=[{"cyl": 0, "head": 0}, {"cyl": 0, "head": 1}, {"cyl": 9, "head": 14}])
case("v_fresh_volume_volser", "fresh dasdinit volume volser MYVOL7: dump track 0/0",
     [[("0x03", N, 1, "00")]], dev=dasd(volser="MYVOL7"), dump_tracks=[{"cyl": 0, "head": 0}])
case("v_lr_read_vol1", "LANGUAGE.md example: DE + LR search R3 + Read Data 80 SLI",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 1, "00000000", "0000000003")), ("0x06", SLI, 80, None)]])
case("v_lr_nrf", "LR search for R4 on track 0 (absent) -> No Record Found",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 1, "00000000", "0000000004")), ("0x06", N, 24, None)]])
case("v_lr_incomplete_domain", "LR count 2, only one Read Data, chain ends -> incomplete domain",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x06", N, 24, None)]])
case("v_lr_outside_extent", "DE cyl 0 head 0 only; LR seek 0/1 -> File Protected",
     [[("0x63", CC, 16, "00C00000 00000000 00000000 00000000"), ("0x47", CC, 16, lr(0x06, 0, 1, "00000001", "0000000101")), ("0x06", N, 24, None)]])
case("v_lr_off_device", "LR seek cyl 10 on 10-cyl volume",
     [[("0x63", CC, 16, DE_ALL), ("0x47", CC, 16, lr(0x06, 0, 1, "000A0000", "000A000001")), ("0x06", N, 24, None)]])
case("v_lr_index_op06", "LR index orientation (0xC6) op read data",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0xC6, 0, 1, "00000000", "0000000001")), ("0x06", N, 24, None)]])
case("v_lr_index_op00", "LR index orientation (0xC0) op orient, count 0, then Read Data",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0xC0, 0, 0, "00000000", "0000000001")), ("0x06", N, 24, None)]])
case("v_lr_ha_op06", "LR HA orientation (0x46) op read data, search CCHH 0/0, then Read Data",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x46, 0, 1, "00000000", "0000000000")), ("0x06", N, 24, None)]])
case("v_lr_ha_op06_mismatch", "LR HA orientation, search CCHH 0/1 while seeking 0/0 -> NRF",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x46, 0, 1, "00000000", "0000000100")), ("0x06", N, 24, None)]])
case("v_lr_data_op06", "LR data orientation (0x86) search R1, Read Data -> next record",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x86, 0, 1, "00000000", "0000000001")), ("0x06", N, 144, None)]])
case("v_lr_count_op00", "LR count orientation op orient (0x00) count 0 search R2, then Read Data, Read Count",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x00, 0, 0, "00000000", "0000000002")), ("0x06", CC, 144, None), ("0x12", N, 8, None)]])
case("v_lr_orient_count1", "LR op orient with count 1 -> invalid?",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x00, 0, 1, "00000000", "0000000002")), ("0x06", N, 144, None)]])
case("v_lr_read_count0", "LR op read data with count 0",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 0, "00000000", "0000000002")), ("0x06", N, 144, None)]])
case("v_lr_bad_sector", "LR sector 0xE0",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 1, "00000000", "0000000001", sector=0xE0)), ("0x06", N, 24, None)]])
case("v_lr_tlf_bad", "LR aux TLF valid with TLF 0; then aux 0 with TLF 24; then TLF > blksize",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0x80, 1, "00000000", "0000000001", tlf=0)), ("0x06", N, 24, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0x00, 1, "00000000", "0000000001", tlf=24)), ("0x06", N, 24, None)],
      [("0x63", CC, 16, "00C00010 00000000 00000000 0000000E"), ("0x47", CC, 16, lr(0x06, 0x80, 1, "00000000", "0000000001", tlf=24)), ("0x06", N, 24, None)]])
case("v_lr_aux_reserved", "LR aux 0x40 reserved; byte 2 nonzero",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0x40, 1, "00000000", "0000000001")), ("0x06", N, 24, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, "06000101 00000000 00000000 01000000"), ("0x06", N, 24, None)]])
case("v_lr_bad_op", "LR op 0x3F (extended) and op 0x05 (undefined)",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x3F, 0, 1, "00000000", "0000000001")), ("0x06", N, 24, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x05, 0, 1, "00000000", "0000000001")), ("0x06", N, 24, None)]])
case("v_lr_short", "LR with count 8 (< 16)",
     [[("0x63", CC, 16, DE), ("0x47", CC, 8, "06000001 00000000"), ("0x06", N, 24, None)]])
case("v_lr_without_de", "LR as first command",
     [[("0x47", CC, 16, lr(0x06, 0, 1, "00000000", "0000000001")), ("0x06", N, 24, None)]])
case("v_lr_in_domain", "LR count 2 then a second LR inside the domain",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x47", CC, 16, lr(0x06, 0, 1, "00000000", "0000000001")), ("0x06", N, 24, None)]])
case("v_read_no_seek", "Read Data as first command; Read Count as first command",
     [[("0x06", N, 24, None)], [("0x12", N, 8, None)]])
case("v_de_short", "DE count 8",
     [[("0x63", CC, 8, "00C00000 00000000"), ("0x03", N, 1, "00")]])
case("v_de_params", "DE: begin > end; mask bit 2; blksize too big; fast write id; byte 6; end off device",
     [[("0x63", N, 16, "00C00000 00000000 00000001 00000000")],
      [("0x63", N, 16, "20C00000 00000000 00000000 0000000E")],
      [("0x63", N, 16, "00C0DFF7 00000000 00000000 0000000E")],
      [("0x63", N, 16, "00C0DFF6 00000000 00000000 0000000E")],
      [("0x63", N, 16, "00C00000 00010000 00000000 0000000E")],
      [("0x63", N, 16, "00C00000 00000001 00000000 0000000E")],
      [("0x63", N, 16, "00C00000 00000000 0000000A 0000000E")],
      [("0x63", N, 16, "00C00000 00000000 00000000 0000000F")],
      [("0x63", N, 16, "00800000 00000000 00000000 0000000E")],
      [("0x63", N, 16, "00C00000 000000FF 00000000 0000000E")]])
case("v_de_twice", "DE twice identical; DE then narrower; DE then wider; DE then different mask",
     [[("0x63", CC, 16, DE), ("0x63", N, 16, DE)],
      [("0x63", CC, 16, DE), ("0x63", N, 16, "00C00000 00000000 00000000 00000005")],
      [("0x63", CC, 16, "00C00000 00000000 00000000 00000005"), ("0x63", N, 16, DE)],
      [("0x63", CC, 16, DE), ("0x63", N, 16, "40C00000 00000000 00000000 0000000E")]])
case("v_de_attrs", "DE global attributes: cache modes and ga bits",
     [[("0x63", N, 16, "00C40000 00000000 00000000 0000000E")],
      [("0x63", N, 16, "00E00000 00000000 00000000 0000000E")],
      [("0x63", N, 16, "00C00000 00000040 00000000 0000000E")],
      [("0x63", N, 16, "00400000 00000000 00000000 0000000E")],
      [("0x63", N, 16, "1EC00000 00000000 00000000 0000000E")]])
case("v_de_in_domain", "DE inside an LR domain",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x63", N, 16, DE)]])
case("v_nop_sense_in_domain", "NOP inside an LR domain; Sense inside; Sense ID; RDC",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x04", N, 32, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0xE4", SLI, 256, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x64", N, 64, None)]])
case("v_invalid_in_domain", "unknown command 0xFF in domain; Write Data in a read domain",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0xFF", N, 16, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x05", N, 24, "00"*24)]])
case("v_read_count_lr", "LR count orientation on R0, Read Count x4, domain of 4",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 4, "00000000", "0000000000")), ("0x12", CC, 8, None), ("0x12", CC, 8, None), ("0x12", CC, 8, None), ("0x12", N, 8, None)]])
case("v_read_count_lr_wrap", "LR orient R3, domain 4: Read Count x4 past end of track (non-MT)",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 4, "00000000", "0000000003")), ("0x12", CC, 8, None), ("0x12", CC, 8, None), ("0x12", CC, 8, None), ("0x12", N, 8, None)]])
case("v_read_data_lr_wrap", "LR orient R2 on 0/1, domain 4: Read Data x4 (non-MT) past end of track",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 4, "00000001", "0000000102")), ("0x06", CC, 40, None), ("0x06", CC, 100, None), ("0x06", CC, 40, None), ("0x06", N, 100, None)]], dev=POP)
case("v_mt_read_lr", "LR orient 0/1 R2, domain 4, Read Data MT x4 crossing to 0/2 and 0/3",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 4, "00000001", "0000000102")), ("0x86", CC, 40, None), ("0x86", CC, 32, None), ("0x86", CC, 32, None), ("0x86", N, 32, None)]], dev=POP)
case("v_mt_read_lr_extent", "DE cyl 0 only; LR 0/14 R1, domain 2, Read Data MT x2 crossing beyond extent",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "0000000E", "0000000E01")), ("0x86", CC, 16, None), ("0x86", N, 16, None)]], dev=POP)
case("v_zero_length", "LR read R2 of 0/3 (KL 0 DL 0) -> UX; then Read Count after it",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 1, "00000003", "0000000302")), ("0x06", N, 8, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000003", "0000000302")), ("0x06", CC, 8, None), ("0x06", N, 32, None)]], dev=POP)
case("v_search_arg_other_track", "LR seek 0/0 search CCHHR 0/1 R1 (count fields of 0/0 say 0/0) -> NRF",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 1, "00000000", "0000000101")), ("0x06", N, 24, None)]])
case("v_read_count_8", "Seek 0/0 + Read Count x8 (second index -> NRF?)",
     [[("0x07", CC, 6, "000000000000")] + [("0x12", CC, 8, None)] * 7 + [("0x12", N, 8, None)]])
case("v_seek_read_data", "Seek 0/0 + Read Data (R1) + Read Data (R2)",
     [[("0x07", CC, 6, "000000000000"), ("0x06", CC, 24, None), ("0x06", N, 144, None)]])
case("v_sense_id_rdc_models", "RDC and Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], sense=False)
case("v_rdc_short", "RDC count 32, Sense ID count 4", [[("0x64", N, 32, None)], [("0xE4", N, 4, None)]], sense=False)
case("v_sense_id_chained", "DE then Sense ID; DE then RDC (outside domain)",
     [[("0x63", CC, 16, DE), ("0xE4", SLI, 256, None)], [("0x63", CC, 16, DE), ("0x64", N, 64, None)], [("0x63", CC, 16, DE), ("0x03", N, 1, "00")]])

case("w_nrf_position", "DE whole volume; LR seek 5/3 search R9 -> NRF; sense bytes show position",
     [[("0x63", CC, 16, DE_ALL), ("0x47", CC, 16, lr(0x06, 0, 1, "00050003", "0005000309")), ("0x06", N, 8, None)]])
case("w_mt_read_lr_cyl", "DE whole volume; LR 0/14 R1, domain 2, Read Data MT x2 crossing cylinder into 1/0",
     [[("0x63", CC, 16, DE_ALL), ("0x47", CC, 16, lr(0x06, 0, 2, "0000000E", "0000000E01")), ("0x86", CC, 16, None), ("0x86", N, 16, None)]], dev=POP)
case("w_incomplete_vs_error", "DE cyl 0; LR 0/14 R1 count 3; RD MT, RD MT (last) crosses extent -> which sense?",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 3, "0000000E", "0000000E01")), ("0x86", CC, 16, None), ("0x86", N, 16, None)]], dev=POP)
case("w_rejects_in_domain_chained", "commands not allowed in a domain, chained to a NOP",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x03", CC, 1, "00"), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x04", CC, 32, None), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0x63", CC, 16, DE), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000001")), ("0xFF", CC, 16, None), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 3, "00000000", "0000000001")), ("0xE4", CC, 12, None), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 3, "00000000", "0000000001")), ("0x64", CC, 64, None), ("0x03", N, 1, "00")],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x01, 0, 3, "00000000", "0000000001")), ("0x06", CC, 24, None), ("0x03", N, 1, "00")]])
case("w_rc_then_rd", "LR orient R0 count 2: Read Count then Read Data -> R1 count, R1 data",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 2, "00000000", "0000000000")), ("0x12", CC, 8, None), ("0x06", N, 24, None)]])
case("w_lr_op16", "LR 0xD6 (index, op Read) count 2 + RD MT x2; LR 0x16 + RD non-MT",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0xD6, 0, 2, "00000000", "0000000000")), ("0x86", CC, 24, None), ("0x86", N, 144, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x16, 0, 1, "00000000", "0000000001")), ("0x06", N, 24, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x16, 0, 1, "00000000", "0000000001")), ("0x86", N, 24, None)]])
case("w_sense_persists", "0xFF -> UC; then a NOP program; then Sense: is the sense still there?",
     [[("0xFF", N, 16, None)], [("0x03", N, 1, "00")], [("0x04", N, 32, None)]], sense=False)
case("w_sense_persists_sid", "0xFF -> UC; then Sense ID; then Sense",
     [[("0xFF", N, 16, None)], [("0xE4", SLI, 256, None)], [("0x04", N, 32, None)]], sense=False)
case("w_sense_short", "0xFF -> UC; Sense count 24 (SLI) then Sense 32",
     [[("0xFF", N, 16, None)], [("0x04", SLI, 24, None)], [("0x04", N, 32, None)]], sense=False)
case("w_rc_mt", "Read Count MT 0x92 in LR domain across tracks; Read Data MT outside LR (after orient) at end of track",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 3, "00000001", "0000000102")), ("0x92", CC, 8, None), ("0x92", CC, 8, None), ("0x92", N, 8, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x00, 0, 0, "00000001", "0000000102")), ("0x86", CC, 40, None), ("0x86", N, 32, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x00, 0, 0, "0000000E", "0000000E01")), ("0x86", CC, 16, None), ("0x86", N, 16, None)]], dev=POP)
case("w_de_head15", "DE end head 15; LR seek head 15",
     [[("0x63", N, 16, "00C00000 00000000 00000000 0000000F")],
      [("0x63", CC, 16, DE_ALL), ("0x47", CC, 16, lr(0x06, 0, 1, "0000000F", "0000000F01")), ("0x06", N, 8, None)]])
case("w_rdc_sid_1113", "3390-1 size volume: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=1114, opts=["-z"]), sense=False)
case("w_rdc_sid_3339", "3390-3 size volume: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=3339, opts=["-z"]), sense=False)
case("w_rdc_sid_3340", "3390-3 +1 alt: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=3340, opts=["-z"]), sense=False)
case("w_rdc_sid_10017", "3390-9: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=10017, opts=["-z"]), sense=False)
case("w_rdc_sid_2226", "3390-2: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=2226, opts=["-z"]), sense=False)
case("w_rdc_sid_32760", "3390-27: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=32760, opts=["-z"]), sense=False)
case("w_rdc_sid_65520", "3390-54: RDC + Sense ID", [[("0xE4", SLI, 256, None)], [("0x64", N, 64, None)]], dev=dasd(cyls=65520, opts=["-z"]), sense=False)
case("w_sense_position_cyl", "DE whole; LR seek 9/14 R1 -> NRF? then sense position bytes",
     [[("0x63", CC, 16, DE_ALL), ("0x47", CC, 16, lr(0x06, 0, 1, "0009000E", "0009000E05")), ("0x06", N, 8, None)]])
case("w_sense_large_volume", "10017-cylinder volume: LR seek 5000/7 search R9 -> NRF; sense bytes 5-6 and 29-31",
     [[("0x63", CC, 16, "00C00000 00000000 00000000 2720000E"), ("0x47", CC, 16, lr(0x06, 0, 1, "13880007", "1388000709")), ("0x06", N, 8, None)]],
     dev=dasd(cyls=10017, opts=["-z"]))
