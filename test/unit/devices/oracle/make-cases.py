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
            if isinstance(data, dict):  # {"tic": i}: a TIC to CCW i of this program
                ccws.append({"cmd": cmd, "flags": flags, "count": count, "addr": hex(cpa + 8 * data["tic"])})
                continue
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

# ---- x_: searches, the remaining reads, writes with read-back, identification, CU 2107 ----
def seek(c, h): return ("0x07", CC, 6, "0000%04X%04X" % (c, h))
def tic(i): return ("0x08", N, 0, {"tic": i})
WIDE = "00C00000 00000000 00000000 0009000E"
T04 = {"cyl": 0, "head": 4, "records": [{"r": 0, "data": "0000000000000000"}]}
POPW = dasd(tracks=[T01, T02, T03, TE, T10, T04])
case("x_search_id_loop", "Seek 0/1; Search ID Equal R2; TIC; Read Data 40",
     [[seek(0, 1), ("0x31", CC, 5, "0000000102"), tic(1), ("0x06", N, 40, None)]], dev=POP)
case("x_search_id_miss", "Seek 0/1; Search ID Equal R9; TIC -> NRF at the second index point",
     [[seek(0, 1), ("0x31", CC, 5, "0000000109"), tic(1), ("0x06", N, 40, None)]], dev=POP)
case("x_search_id_high", "Seek 0/1; Search ID High R1 -> R2; Search ID Equal-or-High R1 -> R1; Read Data",
     [[seek(0, 1), ("0x51", CC, 5, "0000000101"), tic(1), ("0x06", N, 40, None)],
      [seek(0, 1), ("0x71", CC, 5, "0000000101"), tic(1), ("0x06", N, 100, None)]], dev=POP)
case("x_search_id_short", "Search ID Equal with count 4 (CCHH only) and count 6",
     [[seek(0, 1), ("0x31", CC, 4, "00000001"), tic(1), ("0x12", N, 8, None)],
      [seek(0, 1), ("0x31", CC, 6, "000000010200"), tic(1), ("0x06", N, 40, None)]], dev=POP)
case("x_search_key", "Search Key Equal KEY1 + Read Data; Search Key Equal KEY9 loop -> NRF; Search Key High",
     [[seek(0, 1), ("0x29", CC, 4, "D2C5E8F1"), tic(1), ("0x06", N, 100, None)],
      [seek(0, 1), ("0x29", CC, 4, "D2C5E8F9"), tic(1), ("0x06", N, 100, None)],
      [seek(0, 1), ("0x49", CC, 4, "D2C5E8F0"), tic(1), ("0x06", N, 100, None)]], dev=POP)
case("x_search_ha", "Seek 0/1; Search HA 0001 -> SM; Read R0. Search HA 0002 -> no SM; Read Count",
     [[seek(0, 1), ("0x39", CC, 4, "00000001"), tic(1), ("0x16", N, 16, None)],
      [seek(0, 1), ("0x39", CC, 4, "00000002"), ("0x12", N, 8, None)]], dev=POP)
case("x_search_mt", "Seek 0/1; Search ID Equal MT for 0/2 R2; TIC; Read Data",
     [[seek(0, 1), ("0xB1", CC, 5, "0000000202"), tic(1), ("0x06", N, 32, None)]], dev=POP)
case("x_read_kd_ckd", "Seek 0/1: Read KD; Read CKD x2; Read HA; Read MCKD",
     [[seek(0, 1), ("0x0E", CC, 104, None), ("0x1E", CC, 48, None), ("0x1E", N, 112, None)],
      [seek(0, 1), ("0x1A", CC, 5, None), ("0x12", N, 8, None)],
      [seek(0, 1), ("0x5E", SLI, 400, None)],
      [seek(0, 1), ("0x9A", CC, 5, None), ("0x12", N, 8, None)]], dev=POP)
case("x_read_track", "DE; LR read tracks (0x0C) count 2 seek 0/1; Read Track x2",
     [[("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x0C, 0, 2, "00000001", "0000000100")), ("0xDE", CC|SLI if False else "CC|SLI", 300, None), ("0xDE", SLI, 300, None)],
      [seek(0, 1), ("0xDE", SLI, 300, None)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x06, 0, 1, "00000001", "0000000101")), ("0xDE", SLI, 300, None)]], dev=POP)
case("x_read_ipl", "Read IPL 24 first in chain + Read Data; DE then Read IPL",
     [[("0x02", CC, 24, None), ("0x06", N, 144, None)], [("0x63", CC, 16, DE), ("0x02", N, 24, None)]])
case("x_sector", "Seek; Set Sector 0; Read Sector; Set Sector 0xE0; Read Sector without seek",
     [[seek(0, 0), ("0x23", CC, 1, "00"), ("0x22", N, 1, None)], [seek(0, 0), ("0x23", N, 1, "E0")], [("0x22", N, 1, None)]])
case("x_seek_cyl_head", "Seek Cylinder 0/1; Seek Head 2; Read Count; Seek Head as first; Seek off device",
     [[("0x0B", CC, 6, "000000000001"), ("0x1B", CC, 6, "000000000002"), ("0x12", N, 8, None)],
      [("0x1B", CC, 6, "000000000002"), ("0x12", N, 8, None)],
      [("0x07", N, 6, "0000000A0000")], [("0x07", N, 6, "00010000000F")], [("0x07", N, 4, "00000000")]], dev=POP)
case("x_recal", "Recalibrate; Space Count", [[("0x13", N, 1, "00")], [("0x0F", N, 3, "000000")]])
case("x_sfm", "SFM 18 then Seek; SFM then DE; DE then SFM; SFM 20 (reserved); SFM C0 + Seek ok",
     [[("0x1F", CC, 1, "18"), seek(0, 0)], [("0x1F", CC, 1, "00"), ("0x63", N, 16, DE)],
      [("0x63", CC, 16, DE), ("0x1F", N, 1, "00")], [("0x1F", N, 1, "20")], [("0x1F", CC, 1, "C0"), seek(0, 1), ("0x12", N, 8, None)]], dev=POP)
case("x_mt_eoc", "Seek 0/14; Read Data MT x2 -> end of cylinder; DE mask 18 + LR orient + RD MT -> file protected",
     [[seek(0, 14), ("0x86", CC, 16, None), ("0x86", N, 16, None)],
      [("0x63", CC, 16, "18C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x00, 0, 0, "0000000E", "0000000E01")), ("0x86", N, 16, None)]], dev=POP)
case("x_write_data", "Search ID Eq 0/2 R1 + Write Data 32 x77; read back; Write Data without search",
     [[seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(1), ("0x05", N, 32, "77" * 32)],
      [seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(1), ("0x06", N, 32, None)],
      [seek(0, 2), ("0x05", N, 32, "66" * 32)],
      [seek(0, 2), ("0x31", CC, 5, "0000000202"), tic(1), ("0x05", N, 16, "55" * 16)]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 2}])
case("x_write_ckd", "Search 0/2 R1, Write CKD R2 (DL 16); Write CKD count 8 SLI (zero fill); read back",
     [[seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(1), ("0x1D", N, 24, "0000000202000010" + "88" * 16)],
      [seek(0, 2), ("0x31", CC, 5, "0000000202"), tic(1), ("0x1D", SLI, 8, "0000000203040008")],
      [seek(0, 2), ("0x31", CC, 5, "0000000202"), tic(1), ("0x1D", N, 8, "0000000203000008")],
      [seek(0, 2), ("0x5E", SLI, 200, None)]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 2}])
case("x_write_kd", "Search 0/1 R1, Write KD 104; Search Key Eq + Write Data",
     [[seek(0, 1), ("0x31", CC, 5, "0000000101"), tic(1), ("0x0D", N, 104, "C1C2C3C4" + "99" * 100)],
      [seek(0, 1), ("0x29", CC, 4, "C1C2C3C4"), tic(1), ("0x05", N, 100, "98" * 100)],
      [seek(0, 1), ("0x0E", N, 104, None)]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 1}])
case("x_write_r0_ha", "SFM C0 Seek 0/3 Search HA Write R0; no SFM -> ?; Write HA with and without mask; Erase",
     [[("0x1F", CC, 1, "C0"), seek(0, 3), ("0x39", CC, 4, "00000003"), tic(2), ("0x15", N, 16, "0000000300000008" + "11" * 8)],
      [seek(0, 3), ("0x39", CC, 4, "00000003"), tic(1), ("0x15", N, 16, "0000000300000008" + "22" * 8)],
      [seek(0, 4), ("0x19", N, 5, "0000000004")],
      [("0x1F", CC, 1, "C0"), seek(0, 4), ("0x19", N, 5, "0000000004")],
      [seek(0, 1), ("0x31", CC, 5, "0000000101"), tic(1), ("0x11", N, 8, "0000000102000010")],
      [seek(0, 1), ("0x5E", SLI, 300, None)]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 3}, {"cyl": 0, "head": 4}, {"cyl": 0, "head": 1}])
case("x_lr_format", "DE C0; LR 43 (HA, format write) count 3 on 0/5: Write R0 8 SLI, Write CKD x2 8 SLI; LR 03 + WCKD + WCKD next track",
     [[("0x63", CC, 16, "C0C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x43, 0, 3, "00000005", "0000000500")),
       ("0x15", "CC|SLI", 8, "0000000500000008"), ("0x1D", "CC|SLI", 8, "0000000501000100"), ("0x1D", SLI, 8, "0000000502000100")],
      [("0x63", CC, 16, "00C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x03, 0, 2, "00000006", "0000000600")),
       ("0x1D", CC, 24, "0000000601000010" + "61" * 16), ("0x9D", N, 24, "0000000701000010" + "71" * 16)],
      [("0x63", CC, 16, DE), ("0x47", CC, 16, lr(0x0C, 0, 3, "00000005", "0000000500")), ("0xDE", "CC|SLI", 700, None), ("0xDE", "CC|SLI", 100, None), ("0xDE", SLI, 100, None)]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 5}, {"cyl": 0, "head": 6}, {"cyl": 0, "head": 7}])
case("x_lr_update", "DE 80; LR 01 TLF 32 count 2 on 0/2 R1: Write Update Data x2; TLF 16 mismatch; mask 40 + LR 01",
     [[("0x63", CC, 16, "80C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 2, "00000002", "0000000201", tlf=32)),
       ("0x85", CC, 32, "A1" * 32), ("0x85", N, 32, "A2" * 32)],
      [("0x63", CC, 16, "80C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 1, "00000002", "0000000201", tlf=16)), ("0x85", N, 16, "A3" * 16)],
      [("0x63", CC, 16, "40C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 1, "00000002", "0000000201", tlf=32)), ("0x85", N, 32, "A4" * 32)],
      [("0x63", CC, 16, "80C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 2, "00000002", "0000000201", tlf=32)), ("0x85", CC, 32, "A5" * 32), ("0x05", N, 32, "A6" * 32)]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 2}])
case("x_capacity", "LR format on 0/8: Write CKD DL 30000 twice -> the second does not fit",
     [[("0x63", CC, 16, "00C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x03, 0, 2, "00000008", "0000000800")),
       ("0x1D", "CC|SLI", 8, "0000000801007530"), ("0x1D", SLI, 8, "0000000802007530")]],
     dev=POPW, dump_tracks=[{"cyl": 0, "head": 8}])
case("x_write_fm", "file mask 40 (inhibit writes) + Seek/Search + Write Data; mask 80 + Write CKD; SFM 00 + Write R0",
     [[("0x1F", CC, 1, "40"), seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(2), ("0x05", N, 32, "77" * 32)],
      [("0x1F", CC, 1, "80"), seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(2), ("0x1D", SLI, 8, "0000000202000010")]],
     dev=POPW)
case("x_ident", "RCD 256; SNID; SPID establish; SNID; Reserve; Release; Sense after",
     [[("0xFA", N, 256, None)], [("0x34", N, 12, None)], [("0xAF", N, 12, "80" + "11" * 11)], [("0x34", N, 12, None)],
      [("0xB4", SLI, 32, None)], [("0x34", N, 12, None)], [("0x94", SLI, 32, None)], [("0xAF", N, 12, "00" + "00" * 11)],
      [("0x63", CC, 16, DE), ("0x94", SLI, 32, None)], [("0x03", CC, 1, "00"), ("0xB4", SLI, 32, None)]], sense=False)
# Hercules 3.13 has no 2107 in its control-unit table ("HHCDA022E control unit 2107 not found"), so
# the CU=2107 profile comes from the reference digest (newer Hercules dasdtab) and is not oracle-tested.
case("x_lre_3990", "3990: LRE and Prefix are rejected",
     [[("0x63", CC, 16, DE), ("0x4B", CC, 20, lr(0x06, 0, 1, "00000000", "0000000001") + "00000000"), ("0x06", N, 24, None)],
      [("0xE7", CC, 64, "00800000 00000000 00000000" + "00C00000 00000000 00000000 0000000E" + "00" * 36), ("0x03", N, 1, "00")]])

# ---- y_: the differential list of the issue (every write with read-back and a track dump,
# searches with and without a hit, multitrack, every unit-check path) and the leftovers ----
T05 = {"cyl": 0, "head": 5, "records": [
    {"r": 0, "data": "0000000000000000"},
    {"r": 1, "key": {"ebcdic": "AAAA"}, "data": {"fill": "0x51", "len": 24}},
    {"r": 2, "key": {"ebcdic": "CCCC"}, "data": {"fill": "0x52", "len": 24}}]}
POPY = dasd(tracks=[T01, T02, T03, TE, T10, T04, T05])
case("y_write_ckd_readback", "Search ID Eq 0/2 R2 + Write CKD R3 (KL 4, DL 24); read back with Search ID Eq R3 + Read KD and Read Multiple CKD",
     [[seek(0, 2), ("0x31", CC, 5, "0000000202"), tic(1), ("0x1D", N, 36, "0000000203040018" + "C4C1E3C1" + "3C" * 24)],
      [seek(0, 2), ("0x31", CC, 5, "0000000203"), tic(1), ("0x0E", N, 28, None)],
      [seek(0, 2), ("0x5E", SLI, 200, None)]],
     dev=POPY, dump_tracks=[{"cyl": 0, "head": 2}])
case("y_write_ckd_nt_readback", "DE C0; LR 03 count 2 on 0/6 (orient R0): Write CKD 0/6 R1, Write CKD Next Track 0/7 R1; read back both; 9D outside a domain",
     [[("0x63", CC, 16, WIDE), ("0x47", CC, 16, lr(0x03, 0, 2, "00000006", "0000000600")),
       ("0x1D", CC, 24, "0000000601000010" + "61" * 16), ("0x9D", N, 24, "0000000701000010" + "71" * 16)],
      [seek(0, 6), ("0x1E", CC, 24, None), ("0x12", N, 8, None)],
      [seek(0, 7), ("0x1E", N, 24, None)],
      [seek(0, 6), ("0x9D", N, 24, "0000000702000010" + "72" * 16)]],
     dev=POPY, dump_tracks=[{"cyl": 0, "head": 6}, {"cyl": 0, "head": 7}])
case("y_write_r0_readback", "SFM C0, Seek 0/3, Search HA, Write R0 (DL 8) -> track erased after R0; Read R0; Read Multiple CKD",
     [[("0x1F", CC, 1, "C0"), seek(0, 3), ("0x39", CC, 4, "00000003"), tic(2), ("0x15", N, 16, "0000000300000008" + "13" * 8)],
      [seek(0, 3), ("0x16", N, 16, None)],
      [seek(0, 3), ("0x5E", SLI, 100, None)]],
     dev=POPY, dump_tracks=[{"cyl": 0, "head": 3}])
case("y_write_update_readback", "DE 80; LR 01 TLF 104 on 0/1 R1: Write Update KD; LR 01 TLF 40 R2: Write Update Data; read both back",
     [[("0x63", CC, 16, "80C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 1, "00000001", "0000000101", tlf=104)),
       ("0x8D", N, 104, "C2C2C2C2" + "B1" * 100)],
      [("0x63", CC, 16, "80C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 1, "00000001", "0000000102", tlf=40)),
       ("0x85", N, 40, "B2" * 40)],
      [seek(0, 1), ("0x31", CC, 5, "0000000101"), tic(1), ("0x0E", CC, 104, None), ("0x06", N, 40, None)]],
     dev=POPY, dump_tracks=[{"cyl": 0, "head": 1}])
case("y_erase_readback", "Search ID Eq 0/2 R1 + Erase (count of a R2 with DL 32): rest of track erased; Read Multiple CKD; Read Count after it",
     [[seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(1), ("0x11", N, 8, "0000000202000020")],
      [seek(0, 2), ("0x5E", SLI, 200, None)],
      [seek(0, 2), ("0x12", CC, 8, None), ("0x12", N, 8, None)]],
     dev=POPY, dump_tracks=[{"cyl": 0, "head": 2}])
case("y_search_misses", "Search ID High R9 loop -> NRF; ID Equal-or-High R3 loop -> NRF; Key Equal-or-High BBBB -> CCCC; Key High CCCC loop -> NRF; Key Equal-or-High hit on equal",
     [[seek(0, 5), ("0x51", CC, 5, "0000000509"), tic(1), ("0x06", N, 24, None)],
      [seek(0, 5), ("0x71", CC, 5, "0000000503"), tic(1), ("0x06", N, 24, None)],
      [seek(0, 5), ("0x69", CC, 4, "C2C2C2C2"), tic(1), ("0x06", N, 24, None)],
      [seek(0, 5), ("0x49", CC, 4, "C3C3C3C3"), tic(1), ("0x06", N, 24, None)],
      [seek(0, 5), ("0x69", CC, 4, "C1C1C1C1"), tic(1), ("0x06", N, 24, None)]],
     dev=POPY)
case("y_search_mt", "multitrack searches: Search ID Equal-or-High MT 0/2 R1 from 0/1; Search Key Equal MT from 0/4 finds AAAA on 0/5; Search Key Equal MT miss -> end of cylinder",
     [[seek(0, 1), ("0xF1", CC, 5, "0000000201"), tic(1), ("0x06", N, 32, None)],
      [seek(0, 4), ("0xA9", CC, 4, "C1C1C1C1"), tic(1), ("0x06", N, 24, None)],
      [seek(0, 12), ("0xA9", CC, 4, "C9C9C9C9"), tic(1), ("0x06", N, 24, None)]],
     dev=POPY)
case("y_mt_reads", "Seek 0/1: Read CKD MT x3 crossing to 0/2, Read KD MT; Read R0 MT and Read HA MT step first; Seek 0/13: Read Data MT to 0/14 then end of cylinder",
     [[seek(0, 1), ("0x9E", CC, 112, None), ("0x9E", CC, 48, None), ("0x9E", CC, 40, None), ("0x8E", N, 32, None)],
      [seek(0, 1), ("0x96", CC, 16, None), ("0x9A", N, 5, None)],
      [seek(0, 13), ("0x86", CC, 16, None), ("0x86", N, 16, None)]],
     dev=POPY)
case("y_file_protected", "DE 0/1-0/2 + Seek 0/3 -> FP; DE mask 18 + Seek -> FP; DE 0/1-0/1 + Seek 0/1 + Read Data MT past the extent -> FP; SFM 08 (seek cyl/head only) + Seek -> FP",
     [[("0x63", CC, 16, "00C00000 00000000 00000001 00000002"), seek(0, 3)],
      [("0x63", CC, 16, "18C00000 00000000 00000000 0009000E"), seek(0, 1)],
      [("0x63", CC, 16, "00C00000 00000000 00000001 00000001"), seek(0, 1), ("0x86", CC, 100, None), ("0x86", CC, 40, None), ("0x86", N, 32, None)],
      [("0x1F", CC, 1, "08"), seek(0, 1)]],
     dev=POPY)
case("y_seek_check", "Seek BB=0001 -> invalid parameter; Seek head 15; Seek Head 15 after a Seek; Seek count 5",
     [[("0x07", N, 6, "000100000000")], [("0x07", N, 6, "00000000000F")],
      [seek(0, 1), ("0x1B", N, 6, "00000000000F")], [("0x07", N, 5, "0000000000")]],
     dev=POPY)
case("y_write_inhibited", "read-only volume: Search ID Eq 0/2 R1 + Write Data; Write CKD; DE + LR 01 + Write Update Data",
     [[seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(1), ("0x05", N, 32, "77" * 32)],
      [seek(0, 2), ("0x31", CC, 5, "0000000201"), tic(1), ("0x1D", SLI, 8, "0000000202000010")],
      [("0x63", CC, 16, "80C00000 00000000 00000000 0009000E"), ("0x47", CC, 16, lr(0x01, 0x80, 1, "00000002", "0000000201", tlf=32)), ("0x85", N, 32, "A1" * 32)]],
     dev=[dict(POPY[0], args=["readonly"])], dump_tracks=[{"cyl": 0, "head": 2}])
case("y_read_after_ha", "Seek 0/1: Read HA + Read Count; Read HA + Read R0; Read HA + Read CKD; Read HA + Read Data",
     [[seek(0, 1), ("0x1A", CC, 5, None), ("0x12", N, 8, None)],
      [seek(0, 1), ("0x1A", CC, 5, None), ("0x16", N, 16, None)],
      [seek(0, 1), ("0x1A", CC, 5, None), ("0x1E", N, 16, None)],
      [seek(0, 1), ("0x1A", CC, 5, None), ("0x06", N, 8, None)]],
     dev=POPY)
case("y_ipl_sequence", "Read IPL + Read Data (IPL2) + Seek 0/1 + Search ID Eq R1 + TIC + Read KD; Read IPL + LR without DE + Read Data; Read IPL + Seek Head",
     [[("0x02", CC, 24, None), ("0x06", CC, 144, None), seek(0, 1), ("0x31", CC, 5, "0000000101"), tic(3), ("0x0E", N, 104, None)],
      [("0x02", CC, 24, None), ("0x47", CC, 16, lr(0x06, 0, 1, "00000001", "0000000102")), ("0x06", N, 40, None)],
      [("0x02", CC, 24, None), ("0x1B", CC, 6, "000000000001"), ("0x12", N, 8, None)]],
     dev=POPY)
case("y_de_extended", "Define Extent with 32 bytes (byte 7 X'02' extended parameters present, records per track): with and without SLI, then Read",
     [[("0x63", CC, 32, "40C00000 00000002 00000000 0000000E" + "00" * 8 + "20000000 0C000000"), seek(0, 1), ("0x12", N, 8, None)],
      [("0x63", "CC|SLI", 32, "40C00000 00000002 00000000 0000000E" + "00" * 8 + "20000000 0C000000"), seek(0, 1), ("0x12", N, 8, None)],
      [("0x63", "CC|SLI", 32, "40C00000 00000000 00000000 0000000E" + "00" * 16), seek(0, 1), ("0x12", N, 8, None)]],
     dev=POPY)
case("y_psf_rssd", "Perform Subsystem Function (PSF 0x18 prepare RSSD, suborder 0x00) + Read Subsystem Data; RSSD alone",
     [[("0x27", CC, 12, "18000000 00000000 00000000"), ("0x3E", N, 32, None)], [("0x3E", N, 32, None)]],
     dev=POPY)
