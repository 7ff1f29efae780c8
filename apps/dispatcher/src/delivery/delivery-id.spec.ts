import { deliveryIdOf, uuidV5 } from './delivery-id';

describe('delivery ids', () => {
  it('are the same for the same message and endpoint, and differ otherwise', () => {
    const m = '9bde801d-bb41-417b-aaa6-50f7438085aa';
    const a = '0d6c1c2e-5b2a-4c55-9f55-9d7b1f0e2a11';
    const b = '7f7a3f11-6f0a-4c5e-8d8e-0c5b8a8e9d22';
    expect(deliveryIdOf(m, a)).toBe(deliveryIdOf(m, a));
    expect(deliveryIdOf(m, a)).not.toBe(deliveryIdOf(m, b));
  });

  it('are well-formed version 5 UUIDs', () => {
    expect(uuidV5('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
