//! CIEDE2000 colour difference (CIE 142-2001), written after Sharma, Wu & Dalal, "The CIEDE2000
//! colour-difference formula: implementation notes, supplementary test data, and mathematical
//! observations", Color Research & Application 30(1), 2005, with k_L = k_C = k_H = 1.

use super::Lab;

/// ΔE00 between two CIELAB colours.
pub fn delta_e_2000(first: Lab, second: Lab) -> f64 {
    let pow7 = |x: f64| x.powi(7);
    let twenty_five_pow7 = 25.0_f64.powi(7);

    let c1 = first.chroma();
    let c2 = second.chroma();
    let c_mean = (c1 + c2) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_mean) / (pow7(c_mean) + twenty_five_pow7)).sqrt());

    let a1 = (1.0 + g) * first.a;
    let a2 = (1.0 + g) * second.a;
    let c1p = a1.hypot(first.b);
    let c2p = a2.hypot(second.b);
    let hue = |b: f64, a: f64| {
        if b == 0.0 && a == 0.0 {
            0.0
        } else {
            let h = b.atan2(a).to_degrees();
            if h < 0.0 { h + 360.0 } else { h }
        }
    };
    let h1p = hue(first.b, a1);
    let h2p = hue(second.b, a2);

    let delta_l = second.l - first.l;
    let delta_c = c2p - c1p;
    let delta_h_angle = if c1p * c2p == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d > 180.0 {
            d - 360.0
        } else if d < -180.0 {
            d + 360.0
        } else {
            d
        }
    };
    let delta_h = 2.0 * (c1p * c2p).sqrt() * (delta_h_angle.to_radians() / 2.0).sin();

    let l_mean = (first.l + second.l) / 2.0;
    let cp_mean = (c1p + c2p) / 2.0;
    let hp_mean = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };

    let t = 1.0 - 0.17 * (hp_mean - 30.0).to_radians().cos()
        + 0.24 * (2.0 * hp_mean).to_radians().cos()
        + 0.32 * (3.0 * hp_mean + 6.0).to_radians().cos()
        - 0.20 * (4.0 * hp_mean - 63.0).to_radians().cos();
    let delta_theta = 30.0 * (-((hp_mean - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (pow7(cp_mean) / (pow7(cp_mean) + twenty_five_pow7)).sqrt();
    let l_offset = (l_mean - 50.0).powi(2);
    let s_l = 1.0 + 0.015 * l_offset / (20.0 + l_offset).sqrt();
    let s_c = 1.0 + 0.045 * cp_mean;
    let s_h = 1.0 + 0.015 * cp_mean * t;
    let r_t = -(2.0 * delta_theta).to_radians().sin() * r_c;

    let l_term = delta_l / s_l;
    let c_term = delta_c / s_c;
    let h_term = delta_h / s_h;
    (l_term * l_term + c_term * c_term + h_term * h_term + r_t * c_term * h_term).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 34 test pairs of Sharma, Wu & Dalal (2005), Table 1: Lab 1, Lab 2, ΔE00.
    const SHARMA_PAIRS: [([f64; 3], [f64; 3], f64); 34] = [
        (
            [50.0000, 2.6772, -79.7751],
            [50.0000, 0.0000, -82.7485],
            2.0425,
        ),
        (
            [50.0000, 3.1571, -77.2803],
            [50.0000, 0.0000, -82.7485],
            2.8615,
        ),
        (
            [50.0000, 2.8361, -74.0200],
            [50.0000, 0.0000, -82.7485],
            3.4412,
        ),
        (
            [50.0000, -1.3802, -84.2814],
            [50.0000, 0.0000, -82.7485],
            1.0000,
        ),
        (
            [50.0000, -1.1848, -84.8006],
            [50.0000, 0.0000, -82.7485],
            1.0000,
        ),
        (
            [50.0000, -0.9009, -85.5211],
            [50.0000, 0.0000, -82.7485],
            1.0000,
        ),
        (
            [50.0000, 0.0000, 0.0000],
            [50.0000, -1.0000, 2.0000],
            2.3669,
        ),
        (
            [50.0000, -1.0000, 2.0000],
            [50.0000, 0.0000, 0.0000],
            2.3669,
        ),
        (
            [50.0000, 2.4900, -0.0010],
            [50.0000, -2.4900, 0.0009],
            7.1792,
        ),
        (
            [50.0000, 2.4900, -0.0010],
            [50.0000, -2.4900, 0.0010],
            7.1792,
        ),
        (
            [50.0000, 2.4900, -0.0010],
            [50.0000, -2.4900, 0.0011],
            7.2195,
        ),
        (
            [50.0000, 2.4900, -0.0010],
            [50.0000, -2.4900, 0.0012],
            7.2195,
        ),
        (
            [50.0000, -0.0010, 2.4900],
            [50.0000, 0.0009, -2.4900],
            4.8045,
        ),
        (
            [50.0000, -0.0010, 2.4900],
            [50.0000, 0.0010, -2.4900],
            4.8045,
        ),
        (
            [50.0000, -0.0010, 2.4900],
            [50.0000, 0.0011, -2.4900],
            4.7461,
        ),
        (
            [50.0000, 2.5000, 0.0000],
            [50.0000, 0.0000, -2.5000],
            4.3065,
        ),
        (
            [50.0000, 2.5000, 0.0000],
            [73.0000, 25.0000, -18.0000],
            27.1492,
        ),
        (
            [50.0000, 2.5000, 0.0000],
            [61.0000, -5.0000, 29.0000],
            22.8977,
        ),
        (
            [50.0000, 2.5000, 0.0000],
            [56.0000, -27.0000, -3.0000],
            31.9030,
        ),
        (
            [50.0000, 2.5000, 0.0000],
            [58.0000, 24.0000, 15.0000],
            19.4535,
        ),
        ([50.0000, 2.5000, 0.0000], [50.0000, 3.1736, 0.5854], 1.0000),
        ([50.0000, 2.5000, 0.0000], [50.0000, 3.2972, 0.0000], 1.0000),
        ([50.0000, 2.5000, 0.0000], [50.0000, 1.8634, 0.5757], 1.0000),
        ([50.0000, 2.5000, 0.0000], [50.0000, 3.2592, 0.3350], 1.0000),
        (
            [60.2574, -34.0099, 36.2677],
            [60.4626, -34.1751, 39.4387],
            1.2644,
        ),
        (
            [63.0109, -31.0961, -5.8663],
            [62.8187, -29.7946, -4.0864],
            1.2630,
        ),
        (
            [61.2901, 3.7196, -5.3901],
            [61.4292, 2.2480, -4.9620],
            1.8731,
        ),
        (
            [35.0831, -44.1164, 3.7933],
            [35.0232, -40.0716, 1.5901],
            1.8645,
        ),
        (
            [22.7233, 20.0904, -46.6940],
            [23.0331, 14.9730, -42.5619],
            2.0373,
        ),
        (
            [36.4612, 47.8580, 18.3852],
            [36.2715, 50.5065, 21.2231],
            1.4146,
        ),
        (
            [90.8027, -2.0831, 1.4410],
            [91.1528, -1.6435, 0.0447],
            1.4441,
        ),
        (
            [90.9257, -0.5406, -0.9208],
            [88.6381, -0.8985, -0.7239],
            1.5381,
        ),
        (
            [6.7747, -0.2908, -2.4247],
            [5.8714, -0.0985, -2.2286],
            0.6377,
        ),
        (
            [2.0776, 0.0795, -1.1350],
            [0.9033, -0.0636, -0.5514],
            0.9082,
        ),
    ];

    fn lab(v: [f64; 3]) -> Lab {
        Lab::new(v[0], v[1], v[2])
    }

    #[test]
    fn matches_every_sharma_test_pair() {
        for (i, (first, second, expected)) in SHARMA_PAIRS.iter().enumerate() {
            let got = delta_e_2000(lab(*first), lab(*second));
            assert!(
                (got - expected).abs() < 1e-4,
                "pair {}: got {got:.4}, expected {expected:.4}",
                i + 1
            );
        }
    }

    #[test]
    fn is_symmetric_and_zero_on_identity() {
        for (first, second, _) in SHARMA_PAIRS {
            let ab = delta_e_2000(lab(first), lab(second));
            let ba = delta_e_2000(lab(second), lab(first));
            assert!((ab - ba).abs() < 1e-9);
            assert_eq!(delta_e_2000(lab(first), lab(first)), 0.0);
        }
    }

    #[test]
    fn light_grey_is_about_ten_from_white() {
        let d = delta_e_2000(Lab::new(100.0, 0.0, 0.0), Lab::new(85.0, 0.0, 0.0));
        assert!(d > 9.0 && d < 12.0, "{d}");
    }
}
