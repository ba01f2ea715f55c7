// The Node build's result builder (feature `node` of minzheng-wasm; wasm/src/tape.rs writes the
// tape). A result crosses from WebAssembly as one tape of JSON tokens in memory, and this
// function builds the plain objects in JavaScript: one call instead of one per property.
//
// The tape's words (u32): 0 null, 1 true, 2 false, 3 number (index into the f64 numbers),
// 4 string (slot), 5 define a slot (slot, start, length: UTF-16 code units of the text buffer),
// 6 begin array, 7 end array, 8 begin object, 9 end object, 10 key (slot), 11 define a slot as
// 5 does, for a key (the string internalized, as V8 keeps property names, so that setting a
// property with it needs no look-up of the string's text).
// The slots are the string cache of wasm/src/tape.rs, mirrored here: a string is made once and
// used by every later result that has it.
"use strict";

// Every slot of wasm/src/tape.rs (4,096 strings, 1,024 field names, one scratch slot), filled
// from the start so that the array stays packed (fast to index).
const table = new Array(4096 + 1024 + 1).fill("");

function build(memory, opsAt, opsLen, numsAt, numsLen, unitsAt, unitsLen) {
  let ops, nums, units;
  // Views of the memory; made again if a setter the builder ran called the engine and the
  // memory grew (which detaches the old views).
  const view = () => {
    const buffer = memory.buffer;
    ops = new Uint32Array(buffer, opsAt, opsLen);
    nums = new Float64Array(buffer, numsAt, numsLen);
    units = Buffer.from(buffer, unitsAt, unitsLen * 2);
  };
  view();
  const stack = [];
  // The open array or object (null before the root), and the key of its next value (null in
  // an array).
  let open = null;
  let key = null;
  let root = null;
  let i = 0;
  while (i < opsLen) {
    let value;
    switch (ops[i++]) {
      case 0:
        value = null;
        break;
      case 1:
        value = true;
        break;
      case 2:
        value = false;
        break;
      case 3:
        value = nums[ops[i++]];
        break;
      case 4:
        value = table[ops[i++]];
        break;
      case 5: {
        const slot = ops[i++];
        const start = ops[i++];
        const len = ops[i++];
        table[slot] = units.toString("utf16le", 2 * start, 2 * (start + len));
        continue;
      }
      case 11: {
        const slot = ops[i++];
        const start = ops[i++];
        const len = ops[i++];
        const name = units.toString("utf16le", 2 * start, 2 * (start + len));
        table[slot] = Object.keys({ [name]: 0 })[0];
        continue;
      }
      case 6:
        stack.push(open, key);
        open = [];
        key = null;
        continue;
      case 8:
        stack.push(open, key);
        open = {};
        key = null;
        continue;
      case 10:
        key = table[ops[i++]];
        continue;
      case 7:
      case 9:
        value = open;
        key = stack.pop();
        open = stack.pop();
        break;
      default:
        throw new Error(`minzheng: a result tape with an unknown word at ${i - 1}`);
    }
    if (open === null) {
      root = value;
    } else if (key === null) {
      open.push(value);
    } else {
      if (key === "__proto__") {
        // An own property, as JSON.parse makes it (assignment would set the prototype).
        const own = { value, writable: true, enumerable: true, configurable: true };
        Object.defineProperty(open, key, own);
      } else {
        open[key] = value;
      }
      key = null;
    }
    if (ops.length !== opsLen) view();
  }
  return root;
}

// A request object as a tape for src/request.rs, in the order src/value.rs reads it: the
// values' words (u32): 0 null, 1 true, 2 false, 3 number (index into the numbers), 4 string
// (index into the strings), 5 left out (undefined, a function, a symbol), 6 begin array (its
// length), 7 end array, 8 begin object, 9 end object, 10 key (index into the strings; its value
// follows), 11 declined (what src/value.rs hands to JSON.stringify: a toJSON method, another
// prototype, nesting too deep, a BigInt, a getter that throws); the tape ends there. The strings
// cross as one text (their UTF-16 lengths given) with a flag for each that is not well formed
// (a lone surrogate, replaced by U+FFFD). What src/value.rs lets throw (a proxy's
// getPrototypeOf or ownKeys trap) throws here too.
const DECLINED = {};
const objectPrototype = Object.prototype;
const arrayPrototype = Array.prototype;

function readRequest(request, maxDepth) {
  const ops = [];
  const nums = [];
  const strings = [];
  const put = (s) => {
    ops.push(strings.length);
    strings.push(s);
  };
  const declined = () => {
    ops.push(11);
    throw DECLINED;
  };
  const read = (v, depth) => {
    switch (typeof v) {
      case "string":
        ops.push(4);
        put(v);
        return;
      case "number":
        ops.push(3, nums.length);
        nums.push(v);
        return;
      case "boolean":
        ops.push(v ? 1 : 2);
        return;
      case "undefined":
      case "function":
      case "symbol":
        ops.push(5);
        return;
      case "object":
        if (v === null) {
          ops.push(0);
          return;
        }
        break;
      default:
        declined();
    }
    if (depth >= maxDepth) declined();
    let toJSON;
    try {
      toJSON = v.toJSON;
    } catch {
      declined();
    }
    if (typeof toJSON === "function") declined();
    const prototype = Object.getPrototypeOf(v);
    if (Array.isArray(v)) {
      if (prototype !== arrayPrototype) declined();
      const len = v.length >>> 0;
      ops.push(6, len);
      for (let i = 0; i < len; i++) {
        let item;
        try {
          item = v[i];
        } catch {
          declined();
        }
        read(item, depth + 1);
      }
      ops.push(7);
    } else {
      if (prototype !== objectPrototype) declined();
      const keys = Object.keys(v);
      ops.push(8);
      for (const key of keys) {
        let value;
        try {
          value = v[key];
        } catch {
          declined();
        }
        ops.push(10);
        put(key);
        read(value, depth + 1);
      }
      ops.push(9);
    }
  };
  try {
    read(request, 0);
  } catch (e) {
    if (e !== DECLINED) throw e;
  }
  const lens = new Uint32Array(strings.length);
  const lone = new Uint8Array(strings.length);
  for (let i = 0; i < strings.length; i++) {
    lens[i] = strings[i].length;
    if (!strings[i].isWellFormed()) {
      lone[i] = 1;
      // U+FFFD for each lone surrogate (one unit for one), so that two halves in neighbouring
      // strings do not join into a pair in the text.
      strings[i] = strings[i].toWellFormed();
    }
  }
  return [Uint32Array.from(ops), Float64Array.from(nums), lens, lone, strings.join("")];
}

module.exports = { build, readRequest };
