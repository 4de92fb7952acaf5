//! `None` in an `Option` field whose column has a DEFAULT gets the DEFAULT on every write path
//! (`insert`, `insert_all`, `Writer`, `Batch`), at any column position (past the 128th as well).

use duckspec::{Batch, Table, Writer};
use duckspec_tests::connection_with;

macro_rules! wide_table {
    ($($body:tt)*) => {
        #[derive(Table, Debug, Clone, PartialEq)]
        #[table(name = "wide", unchecked)]
        struct Wide {
            id: i64,
            $($body)*
        }
    };
}

wide_table! {
        #[column(default = "0")]
        c0: Option<i32>,
        #[column(default = "1")]
        c1: Option<i32>,
        #[column(default = "2")]
        c2: Option<i32>,
        #[column(default = "3")]
        c3: Option<i32>,
        #[column(default = "4")]
        c4: Option<i32>,
        #[column(default = "5")]
        c5: Option<i32>,
        #[column(default = "6")]
        c6: Option<i32>,
        #[column(default = "7")]
        c7: Option<i32>,
        #[column(default = "8")]
        c8: Option<i32>,
        #[column(default = "9")]
        c9: Option<i32>,
        #[column(default = "10")]
        c10: Option<i32>,
        #[column(default = "11")]
        c11: Option<i32>,
        #[column(default = "12")]
        c12: Option<i32>,
        #[column(default = "13")]
        c13: Option<i32>,
        #[column(default = "14")]
        c14: Option<i32>,
        #[column(default = "15")]
        c15: Option<i32>,
        #[column(default = "16")]
        c16: Option<i32>,
        #[column(default = "17")]
        c17: Option<i32>,
        #[column(default = "18")]
        c18: Option<i32>,
        #[column(default = "19")]
        c19: Option<i32>,
        #[column(default = "20")]
        c20: Option<i32>,
        #[column(default = "21")]
        c21: Option<i32>,
        #[column(default = "22")]
        c22: Option<i32>,
        #[column(default = "23")]
        c23: Option<i32>,
        #[column(default = "24")]
        c24: Option<i32>,
        #[column(default = "25")]
        c25: Option<i32>,
        #[column(default = "26")]
        c26: Option<i32>,
        #[column(default = "27")]
        c27: Option<i32>,
        #[column(default = "28")]
        c28: Option<i32>,
        #[column(default = "29")]
        c29: Option<i32>,
        #[column(default = "30")]
        c30: Option<i32>,
        #[column(default = "31")]
        c31: Option<i32>,
        #[column(default = "32")]
        c32: Option<i32>,
        #[column(default = "33")]
        c33: Option<i32>,
        #[column(default = "34")]
        c34: Option<i32>,
        #[column(default = "35")]
        c35: Option<i32>,
        #[column(default = "36")]
        c36: Option<i32>,
        #[column(default = "37")]
        c37: Option<i32>,
        #[column(default = "38")]
        c38: Option<i32>,
        #[column(default = "39")]
        c39: Option<i32>,
        #[column(default = "40")]
        c40: Option<i32>,
        #[column(default = "41")]
        c41: Option<i32>,
        #[column(default = "42")]
        c42: Option<i32>,
        #[column(default = "43")]
        c43: Option<i32>,
        #[column(default = "44")]
        c44: Option<i32>,
        #[column(default = "45")]
        c45: Option<i32>,
        #[column(default = "46")]
        c46: Option<i32>,
        #[column(default = "47")]
        c47: Option<i32>,
        #[column(default = "48")]
        c48: Option<i32>,
        #[column(default = "49")]
        c49: Option<i32>,
        #[column(default = "50")]
        c50: Option<i32>,
        #[column(default = "51")]
        c51: Option<i32>,
        #[column(default = "52")]
        c52: Option<i32>,
        #[column(default = "53")]
        c53: Option<i32>,
        #[column(default = "54")]
        c54: Option<i32>,
        #[column(default = "55")]
        c55: Option<i32>,
        #[column(default = "56")]
        c56: Option<i32>,
        #[column(default = "57")]
        c57: Option<i32>,
        #[column(default = "58")]
        c58: Option<i32>,
        #[column(default = "59")]
        c59: Option<i32>,
        #[column(default = "60")]
        c60: Option<i32>,
        #[column(default = "61")]
        c61: Option<i32>,
        #[column(default = "62")]
        c62: Option<i32>,
        #[column(default = "63")]
        c63: Option<i32>,
        #[column(default = "64")]
        c64: Option<i32>,
        #[column(default = "65")]
        c65: Option<i32>,
        #[column(default = "66")]
        c66: Option<i32>,
        #[column(default = "67")]
        c67: Option<i32>,
        #[column(default = "68")]
        c68: Option<i32>,
        #[column(default = "69")]
        c69: Option<i32>,
        #[column(default = "70")]
        c70: Option<i32>,
        #[column(default = "71")]
        c71: Option<i32>,
        #[column(default = "72")]
        c72: Option<i32>,
        #[column(default = "73")]
        c73: Option<i32>,
        #[column(default = "74")]
        c74: Option<i32>,
        #[column(default = "75")]
        c75: Option<i32>,
        #[column(default = "76")]
        c76: Option<i32>,
        #[column(default = "77")]
        c77: Option<i32>,
        #[column(default = "78")]
        c78: Option<i32>,
        #[column(default = "79")]
        c79: Option<i32>,
        #[column(default = "80")]
        c80: Option<i32>,
        #[column(default = "81")]
        c81: Option<i32>,
        #[column(default = "82")]
        c82: Option<i32>,
        #[column(default = "83")]
        c83: Option<i32>,
        #[column(default = "84")]
        c84: Option<i32>,
        #[column(default = "85")]
        c85: Option<i32>,
        #[column(default = "86")]
        c86: Option<i32>,
        #[column(default = "87")]
        c87: Option<i32>,
        #[column(default = "88")]
        c88: Option<i32>,
        #[column(default = "89")]
        c89: Option<i32>,
        #[column(default = "90")]
        c90: Option<i32>,
        #[column(default = "91")]
        c91: Option<i32>,
        #[column(default = "92")]
        c92: Option<i32>,
        #[column(default = "93")]
        c93: Option<i32>,
        #[column(default = "94")]
        c94: Option<i32>,
        #[column(default = "95")]
        c95: Option<i32>,
        #[column(default = "96")]
        c96: Option<i32>,
        #[column(default = "97")]
        c97: Option<i32>,
        #[column(default = "98")]
        c98: Option<i32>,
        #[column(default = "99")]
        c99: Option<i32>,
        #[column(default = "100")]
        c100: Option<i32>,
        #[column(default = "101")]
        c101: Option<i32>,
        #[column(default = "102")]
        c102: Option<i32>,
        #[column(default = "103")]
        c103: Option<i32>,
        #[column(default = "104")]
        c104: Option<i32>,
        #[column(default = "105")]
        c105: Option<i32>,
        #[column(default = "106")]
        c106: Option<i32>,
        #[column(default = "107")]
        c107: Option<i32>,
        #[column(default = "108")]
        c108: Option<i32>,
        #[column(default = "109")]
        c109: Option<i32>,
        #[column(default = "110")]
        c110: Option<i32>,
        #[column(default = "111")]
        c111: Option<i32>,
        #[column(default = "112")]
        c112: Option<i32>,
        #[column(default = "113")]
        c113: Option<i32>,
        #[column(default = "114")]
        c114: Option<i32>,
        #[column(default = "115")]
        c115: Option<i32>,
        #[column(default = "116")]
        c116: Option<i32>,
        #[column(default = "117")]
        c117: Option<i32>,
        #[column(default = "118")]
        c118: Option<i32>,
        #[column(default = "119")]
        c119: Option<i32>,
        #[column(default = "120")]
        c120: Option<i32>,
        #[column(default = "121")]
        c121: Option<i32>,
        #[column(default = "122")]
        c122: Option<i32>,
        #[column(default = "123")]
        c123: Option<i32>,
        #[column(default = "124")]
        c124: Option<i32>,
        #[column(default = "125")]
        c125: Option<i32>,
        #[column(default = "126")]
        c126: Option<i32>,
        #[column(default = "127")]
        c127: Option<i32>,
        #[column(default = "128")]
        c128: Option<i32>,
        #[column(default = "129")]
        c129: Option<i32>,
        #[column(default = "130")]
        c130: Option<i32>,
        #[column(default = "131")]
        c131: Option<i32>,
        #[column(default = "132")]
        c132: Option<i32>,
        #[column(default = "133")]
        c133: Option<i32>,
        #[column(default = "134")]
        c134: Option<i32>,
        #[column(default = "135")]
        c135: Option<i32>,
        #[column(default = "136")]
        c136: Option<i32>,
        #[column(default = "137")]
        c137: Option<i32>,
        #[column(default = "138")]
        c138: Option<i32>,
        #[column(default = "139")]
        c139: Option<i32>,
        #[column(default = "140")]
        c140: Option<i32>,
        #[column(default = "141")]
        c141: Option<i32>,
        #[column(default = "142")]
        c142: Option<i32>,
        #[column(default = "143")]
        c143: Option<i32>,
        #[column(default = "144")]
        c144: Option<i32>,
        #[column(default = "145")]
        c145: Option<i32>,
        #[column(default = "146")]
        c146: Option<i32>,
        #[column(default = "147")]
        c147: Option<i32>,
        #[column(default = "148")]
        c148: Option<i32>,
        #[column(default = "149")]
        c149: Option<i32>,
        #[column(default = "150")]
        c150: Option<i32>,
        #[column(default = "151")]
        c151: Option<i32>,
        #[column(default = "152")]
        c152: Option<i32>,
        #[column(default = "153")]
        c153: Option<i32>,
        #[column(default = "154")]
        c154: Option<i32>,
        #[column(default = "155")]
        c155: Option<i32>,
        #[column(default = "156")]
        c156: Option<i32>,
        #[column(default = "157")]
        c157: Option<i32>,
        #[column(default = "158")]
        c158: Option<i32>,
        #[column(default = "159")]
        c159: Option<i32>,
        #[column(default = "160")]
        c160: Option<i32>,
        #[column(default = "161")]
        c161: Option<i32>,
        #[column(default = "162")]
        c162: Option<i32>,
        #[column(default = "163")]
        c163: Option<i32>,
        #[column(default = "164")]
        c164: Option<i32>,
        #[column(default = "165")]
        c165: Option<i32>,
        #[column(default = "166")]
        c166: Option<i32>,
        #[column(default = "167")]
        c167: Option<i32>,
        #[column(default = "168")]
        c168: Option<i32>,
        #[column(default = "169")]
        c169: Option<i32>,
        #[column(default = "170")]
        c170: Option<i32>,
        #[column(default = "171")]
        c171: Option<i32>,
        #[column(default = "172")]
        c172: Option<i32>,
        #[column(default = "173")]
        c173: Option<i32>,
        #[column(default = "174")]
        c174: Option<i32>,
        #[column(default = "175")]
        c175: Option<i32>,
        #[column(default = "176")]
        c176: Option<i32>,
        #[column(default = "177")]
        c177: Option<i32>,
        #[column(default = "178")]
        c178: Option<i32>,
        #[column(default = "179")]
        c179: Option<i32>,
        #[column(default = "180")]
        c180: Option<i32>,
        #[column(default = "181")]
        c181: Option<i32>,
        #[column(default = "182")]
        c182: Option<i32>,
        #[column(default = "183")]
        c183: Option<i32>,
        #[column(default = "184")]
        c184: Option<i32>,
        #[column(default = "185")]
        c185: Option<i32>,
        #[column(default = "186")]
        c186: Option<i32>,
        #[column(default = "187")]
        c187: Option<i32>,
        #[column(default = "188")]
        c188: Option<i32>,
        #[column(default = "189")]
        c189: Option<i32>,
        #[column(default = "190")]
        c190: Option<i32>,
        #[column(default = "191")]
        c191: Option<i32>,
        #[column(default = "192")]
        c192: Option<i32>,
        #[column(default = "193")]
        c193: Option<i32>,
        #[column(default = "194")]
        c194: Option<i32>,
        #[column(default = "195")]
        c195: Option<i32>,
        #[column(default = "196")]
        c196: Option<i32>,
        #[column(default = "197")]
        c197: Option<i32>,
        #[column(default = "198")]
        c198: Option<i32>,
        #[column(default = "199")]
        c199: Option<i32>,
}

impl Wide {
    /// Every column `None` (left to its DEFAULT) except those in `set`.
    fn with(id: i64, set: &[usize]) -> Wide {
        let mut row = Wide::empty(id);
        let values: Vec<&mut Option<i32>> = row.columns_mut();
        for (i, value) in values.into_iter().enumerate() {
            if set.contains(&i) {
                *value = Some(-(i as i32));
            }
        }
        row
    }
}

#[test]
fn none_gets_the_default_in_every_one_of_200_columns() {
    let conn = connection_with::<Wide>();
    // Row 0 leaves all 200 to their DEFAULT; row 1 sets a few, past the 128th among them.
    let input = vec![Wide::with(0, &[]), Wide::with(1, &[0, 127, 128, 129, 199])];
    assert_eq!(Wide::insert_all(&conn, &input).unwrap(), 2);
    Wide::with(2, &[150]).insert(&conn).unwrap();
    let mut writer = Writer::<Wide>::new(&conn).unwrap();
    writer.push(&Wide::with(3, &[])).unwrap();
    writer.finish().unwrap();
    let mut batch = Batch::new();
    batch.push(&Wide::with(4, &[198])).unwrap();
    batch.commit(&conn).unwrap();

    let mut back = Wide::select_all(&conn).unwrap();
    back.sort_by_key(|row| row.id);
    assert_eq!(back.len(), 5);
    for row in &back {
        let set: &[usize] = match row.id {
            1 => &[0, 127, 128, 129, 199],
            2 => &[150],
            4 => &[198],
            _ => &[],
        };
        let (id, mut row) = (row.id, row.clone());
        for (i, value) in row.columns_mut().into_iter().enumerate() {
            let expected = if set.contains(&i) { -(i as i32) } else { i as i32 };
            assert_eq!(*value, Some(expected), "row {id}, column c{i}");
        }
    }
}

impl Wide {
    fn empty(id: i64) -> Wide {
        Wide {
            id,
            c0: None,
            c1: None,
            c2: None,
            c3: None,
            c4: None,
            c5: None,
            c6: None,
            c7: None,
            c8: None,
            c9: None,
            c10: None,
            c11: None,
            c12: None,
            c13: None,
            c14: None,
            c15: None,
            c16: None,
            c17: None,
            c18: None,
            c19: None,
            c20: None,
            c21: None,
            c22: None,
            c23: None,
            c24: None,
            c25: None,
            c26: None,
            c27: None,
            c28: None,
            c29: None,
            c30: None,
            c31: None,
            c32: None,
            c33: None,
            c34: None,
            c35: None,
            c36: None,
            c37: None,
            c38: None,
            c39: None,
            c40: None,
            c41: None,
            c42: None,
            c43: None,
            c44: None,
            c45: None,
            c46: None,
            c47: None,
            c48: None,
            c49: None,
            c50: None,
            c51: None,
            c52: None,
            c53: None,
            c54: None,
            c55: None,
            c56: None,
            c57: None,
            c58: None,
            c59: None,
            c60: None,
            c61: None,
            c62: None,
            c63: None,
            c64: None,
            c65: None,
            c66: None,
            c67: None,
            c68: None,
            c69: None,
            c70: None,
            c71: None,
            c72: None,
            c73: None,
            c74: None,
            c75: None,
            c76: None,
            c77: None,
            c78: None,
            c79: None,
            c80: None,
            c81: None,
            c82: None,
            c83: None,
            c84: None,
            c85: None,
            c86: None,
            c87: None,
            c88: None,
            c89: None,
            c90: None,
            c91: None,
            c92: None,
            c93: None,
            c94: None,
            c95: None,
            c96: None,
            c97: None,
            c98: None,
            c99: None,
            c100: None,
            c101: None,
            c102: None,
            c103: None,
            c104: None,
            c105: None,
            c106: None,
            c107: None,
            c108: None,
            c109: None,
            c110: None,
            c111: None,
            c112: None,
            c113: None,
            c114: None,
            c115: None,
            c116: None,
            c117: None,
            c118: None,
            c119: None,
            c120: None,
            c121: None,
            c122: None,
            c123: None,
            c124: None,
            c125: None,
            c126: None,
            c127: None,
            c128: None,
            c129: None,
            c130: None,
            c131: None,
            c132: None,
            c133: None,
            c134: None,
            c135: None,
            c136: None,
            c137: None,
            c138: None,
            c139: None,
            c140: None,
            c141: None,
            c142: None,
            c143: None,
            c144: None,
            c145: None,
            c146: None,
            c147: None,
            c148: None,
            c149: None,
            c150: None,
            c151: None,
            c152: None,
            c153: None,
            c154: None,
            c155: None,
            c156: None,
            c157: None,
            c158: None,
            c159: None,
            c160: None,
            c161: None,
            c162: None,
            c163: None,
            c164: None,
            c165: None,
            c166: None,
            c167: None,
            c168: None,
            c169: None,
            c170: None,
            c171: None,
            c172: None,
            c173: None,
            c174: None,
            c175: None,
            c176: None,
            c177: None,
            c178: None,
            c179: None,
            c180: None,
            c181: None,
            c182: None,
            c183: None,
            c184: None,
            c185: None,
            c186: None,
            c187: None,
            c188: None,
            c189: None,
            c190: None,
            c191: None,
            c192: None,
            c193: None,
            c194: None,
            c195: None,
            c196: None,
            c197: None,
            c198: None,
            c199: None,
        }
    }

    fn columns_mut(&mut self) -> Vec<&mut Option<i32>> {
        vec![
            &mut self.c0,
            &mut self.c1,
            &mut self.c2,
            &mut self.c3,
            &mut self.c4,
            &mut self.c5,
            &mut self.c6,
            &mut self.c7,
            &mut self.c8,
            &mut self.c9,
            &mut self.c10,
            &mut self.c11,
            &mut self.c12,
            &mut self.c13,
            &mut self.c14,
            &mut self.c15,
            &mut self.c16,
            &mut self.c17,
            &mut self.c18,
            &mut self.c19,
            &mut self.c20,
            &mut self.c21,
            &mut self.c22,
            &mut self.c23,
            &mut self.c24,
            &mut self.c25,
            &mut self.c26,
            &mut self.c27,
            &mut self.c28,
            &mut self.c29,
            &mut self.c30,
            &mut self.c31,
            &mut self.c32,
            &mut self.c33,
            &mut self.c34,
            &mut self.c35,
            &mut self.c36,
            &mut self.c37,
            &mut self.c38,
            &mut self.c39,
            &mut self.c40,
            &mut self.c41,
            &mut self.c42,
            &mut self.c43,
            &mut self.c44,
            &mut self.c45,
            &mut self.c46,
            &mut self.c47,
            &mut self.c48,
            &mut self.c49,
            &mut self.c50,
            &mut self.c51,
            &mut self.c52,
            &mut self.c53,
            &mut self.c54,
            &mut self.c55,
            &mut self.c56,
            &mut self.c57,
            &mut self.c58,
            &mut self.c59,
            &mut self.c60,
            &mut self.c61,
            &mut self.c62,
            &mut self.c63,
            &mut self.c64,
            &mut self.c65,
            &mut self.c66,
            &mut self.c67,
            &mut self.c68,
            &mut self.c69,
            &mut self.c70,
            &mut self.c71,
            &mut self.c72,
            &mut self.c73,
            &mut self.c74,
            &mut self.c75,
            &mut self.c76,
            &mut self.c77,
            &mut self.c78,
            &mut self.c79,
            &mut self.c80,
            &mut self.c81,
            &mut self.c82,
            &mut self.c83,
            &mut self.c84,
            &mut self.c85,
            &mut self.c86,
            &mut self.c87,
            &mut self.c88,
            &mut self.c89,
            &mut self.c90,
            &mut self.c91,
            &mut self.c92,
            &mut self.c93,
            &mut self.c94,
            &mut self.c95,
            &mut self.c96,
            &mut self.c97,
            &mut self.c98,
            &mut self.c99,
            &mut self.c100,
            &mut self.c101,
            &mut self.c102,
            &mut self.c103,
            &mut self.c104,
            &mut self.c105,
            &mut self.c106,
            &mut self.c107,
            &mut self.c108,
            &mut self.c109,
            &mut self.c110,
            &mut self.c111,
            &mut self.c112,
            &mut self.c113,
            &mut self.c114,
            &mut self.c115,
            &mut self.c116,
            &mut self.c117,
            &mut self.c118,
            &mut self.c119,
            &mut self.c120,
            &mut self.c121,
            &mut self.c122,
            &mut self.c123,
            &mut self.c124,
            &mut self.c125,
            &mut self.c126,
            &mut self.c127,
            &mut self.c128,
            &mut self.c129,
            &mut self.c130,
            &mut self.c131,
            &mut self.c132,
            &mut self.c133,
            &mut self.c134,
            &mut self.c135,
            &mut self.c136,
            &mut self.c137,
            &mut self.c138,
            &mut self.c139,
            &mut self.c140,
            &mut self.c141,
            &mut self.c142,
            &mut self.c143,
            &mut self.c144,
            &mut self.c145,
            &mut self.c146,
            &mut self.c147,
            &mut self.c148,
            &mut self.c149,
            &mut self.c150,
            &mut self.c151,
            &mut self.c152,
            &mut self.c153,
            &mut self.c154,
            &mut self.c155,
            &mut self.c156,
            &mut self.c157,
            &mut self.c158,
            &mut self.c159,
            &mut self.c160,
            &mut self.c161,
            &mut self.c162,
            &mut self.c163,
            &mut self.c164,
            &mut self.c165,
            &mut self.c166,
            &mut self.c167,
            &mut self.c168,
            &mut self.c169,
            &mut self.c170,
            &mut self.c171,
            &mut self.c172,
            &mut self.c173,
            &mut self.c174,
            &mut self.c175,
            &mut self.c176,
            &mut self.c177,
            &mut self.c178,
            &mut self.c179,
            &mut self.c180,
            &mut self.c181,
            &mut self.c182,
            &mut self.c183,
            &mut self.c184,
            &mut self.c185,
            &mut self.c186,
            &mut self.c187,
            &mut self.c188,
            &mut self.c189,
            &mut self.c190,
            &mut self.c191,
            &mut self.c192,
            &mut self.c193,
            &mut self.c194,
            &mut self.c195,
            &mut self.c196,
            &mut self.c197,
            &mut self.c198,
            &mut self.c199,
        ]
    }
}
