/** A named value with the range a seeded profile draws it from (inclusive, raw u16 register units). */
export type RangedValue = readonly [name: string, min: number, max: number];

export interface PlcKindSpec {
  /** Three letters that open the serial number. */
  serialPrefix: string;
  vendorName: string;
  productCode: string;
  productName: string;
  modelName: string;
  /** Ten entries: holding registers 100-109. */
  setpoints: readonly RangedValue[];
  /** Ten entries: input registers 0-9. */
  processValues: readonly RangedValue[];
}

export type PlcKind = 'press' | 'mixer' | 'conveyor' | 'boiler';

// Fictional vendors and products: plausible enough for a demo, owned by nobody.
export const PLC_KINDS: Record<PlcKind, PlcKindSpec> = {
  press: {
    serialPrefix: 'PRS',
    vendorName: 'Halvorsen Automation',
    productCode: 'HA-PX400',
    productName: 'PressLogic Controller',
    modelName: 'PX-400',
    setpoints: [
      ['tonnage kN', 800, 1200],
      ['stroke length mm', 150, 300],
      ['strokes per minute', 10, 40],
      ['dwell time ms', 100, 500],
      ['ram speed mm/s', 50, 200],
      ['die height mm', 300, 500],
      ['cushion pressure bar x10', 50, 150],
      ['lube interval strokes', 500, 2000],
      ['overload limit kN', 1250, 1500],
      ['batch counter preset', 1000, 10000],
    ],
    processValues: [
      ['ram position mm', 0, 300],
      ['press force kN', 0, 1200],
      ['hydraulic pressure bar x10', 0, 2500],
      ['oil temperature C x10', 200, 600],
      ['motor current A x10', 0, 800],
      ['stroke count', 0, 65535],
      ['cycle time ms', 1500, 6000],
      ['cushion pressure bar x10', 0, 150],
      ['vibration mm/s x100', 0, 900],
      ['status word', 0, 255],
    ],
  },
  mixer: {
    serialPrefix: 'MIX',
    vendorName: 'Brightwater Controls',
    productCode: 'BWC-M220',
    productName: 'BatchMaster Mixer PLC',
    modelName: 'M-220',
    setpoints: [
      ['agitator speed rpm', 30, 120],
      ['batch size kg', 200, 1000],
      ['mix time s', 120, 900],
      ['target temperature C x10', 200, 800],
      ['fill level high % x10', 800, 950],
      ['fill level low % x10', 50, 200],
      ['speed ramp time s', 5, 30],
      ['discharge delay s', 5, 60],
      ['ingredient A ratio % x10', 100, 600],
      ['ingredient B ratio % x10', 100, 400],
    ],
    processValues: [
      ['agitator speed rpm', 0, 120],
      ['tank level % x10', 0, 1000],
      ['product temperature C x10', 150, 850],
      ['jacket temperature C x10', 150, 950],
      ['motor current A x10', 0, 400],
      ['batch weight kg', 0, 1000],
      ['elapsed mix time s', 0, 900],
      ['viscosity cP', 100, 5000],
      ['batch number', 0, 65535],
      ['status word', 0, 255],
    ],
  },
  conveyor: {
    serialPrefix: 'CNV',
    vendorName: 'Kestrel Industrial',
    productCode: 'KI-LC8',
    productName: 'LineCore Drive Controller',
    modelName: 'LC-8',
    setpoints: [
      ['belt speed mm/s', 200, 1500],
      ['acceleration ramp ms', 500, 3000],
      ['deceleration ramp ms', 500, 3000],
      ['jam timeout ms', 1000, 10000],
      ['item gap mm', 50, 500],
      ['max load kg', 100, 2000],
      ['motor current limit A x10', 50, 300],
      ['zone count', 1, 8],
      ['photo-eye debounce ms', 5, 100],
      ['idle stop delay s', 10, 600],
    ],
    processValues: [
      ['belt speed mm/s', 0, 1500],
      ['motor current A x10', 0, 300],
      ['items per minute', 0, 300],
      ['load kg', 0, 2000],
      ['motor temperature C x10', 200, 900],
      ['items counted', 0, 65535],
      ['zone occupancy bits', 0, 255],
      ['jam count', 0, 50],
      ['drive frequency Hz x10', 0, 600],
      ['status word', 0, 255],
    ],
  },
  boiler: {
    serialPrefix: 'BLR',
    vendorName: 'Thermavale Systems',
    productCode: 'TVS-B90',
    productName: 'BurnerGuard Boiler Controller',
    modelName: 'B-90',
    setpoints: [
      ['steam pressure bar x10', 80, 150],
      ['high pressure trip bar x10', 160, 200],
      ['water level mm', 300, 500],
      ['low water trip mm', 100, 200],
      ['flue gas max C', 180, 260],
      ['burner min firing %', 20, 40],
      ['burner max firing %', 80, 100],
      ['purge time s', 30, 120],
      ['blowdown interval min', 60, 480],
      ['feedwater temperature C', 80, 105],
    ],
    processValues: [
      ['steam pressure bar x10', 0, 160],
      ['water level mm', 0, 600],
      ['flue gas temperature C', 20, 260],
      ['burner firing rate %', 0, 100],
      ['feedwater temperature C', 10, 105],
      ['steam flow kg/h', 0, 5000],
      ['O2 in flue gas % x10', 20, 80],
      ['burner starts', 0, 65535],
      ['flame signal uA', 0, 20],
      ['status word', 0, 255],
    ],
  },
};
