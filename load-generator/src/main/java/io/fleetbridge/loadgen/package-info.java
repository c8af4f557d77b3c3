/** placeholder */ package io.fleetbridge.loadgen;
