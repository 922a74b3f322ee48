//! What a plugin returns: any bytes are read against the output contract of one of the shipped
//! plugins (the first byte picks which); a valid output reports exactly the declared metrics.

use std::sync::OnceLock;

use photorules_plugin_host::manifest::{MANIFEST_FILE, Manifest};
use photorules_plugin_host::output::{OutputContract, ValidOutput};

fn contracts() -> &'static [(Manifest, OutputContract)] {
    static CONTRACTS: OnceLock<Vec<(Manifest, OutputContract)>> = OnceLock::new();
    CONTRACTS.get_or_init(|| {
        let plugins = crate::repository().join("plugins");
        let mut found = Vec::new();
        for name in ["glare", "lenses", "redeye"] {
            let path = plugins.join(name).join(MANIFEST_FILE);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let manifest =
                Manifest::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            let contract = OutputContract::for_manifest(&manifest)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            found.push((manifest, contract));
        }
        found
    })
}

pub fn run(data: &[u8]) {
    let Some((&pick, output)) = data.split_first() else {
        return;
    };
    let contracts = contracts();
    let (manifest, contract) = &contracts[usize::from(pick) % contracts.len()];
    let Ok(valid) = contract.parse(output) else {
        return;
    };
    if let ValidOutput::Report { metrics, .. } = valid {
        for name in metrics.values.keys() {
            assert!(
                manifest.metrics.iter().any(|m| &m.name == name),
                "undeclared metric `{name}` accepted"
            );
        }
    }
}
